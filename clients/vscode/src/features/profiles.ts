import { EndpointConfig, ModelChoice } from '../protocol/types';
import { isLocalUrl } from '../util/format';

/** One endpoint as written in the `batchai.profiles` setting. A key is never here: only the name of a variable. */
export interface EndpointSetting {
  name?: string;
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
  /** false for servers that take no key; default: true unless the URL is on this machine. */
  requiresKey?: boolean;
  weight?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  maxConcurrent?: number;
}

/** A profile of the setting: one endpoint written flat, or a pool under `endpoints`, and its defaults. */
export interface ProfileSetting extends Partial<EndpointSetting> {
  name: string;
  endpoints?: EndpointSetting[];
  concurrency?: number;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
}

/** A profile as offered in the pick: from settings, or stored in the daemon (`saveProfile`). */
export type ProfileChoice = { source: 'settings'; profile: ProfileSetting } | { source: 'daemon'; name: string; model: string };

export function endpointsOf(profile: ProfileSetting): EndpointSetting[] {
  if (profile.endpoints && profile.endpoints.length > 0) {
    return profile.endpoints;
  }
  if (profile.baseUrl && profile.model) {
    const { baseUrl, model, apiKeyEnv, requiresKey, weight, requestsPerMinute, tokensPerMinute, maxConcurrent } = profile;
    return [{ baseUrl, model, apiKeyEnv, requiresKey, weight, requestsPerMinute, tokensPerMinute, maxConcurrent }];
  }
  return [];
}

/** Why a profile of the setting cannot be used, or undefined when it can. */
export function profileProblem(profile: ProfileSetting): string | undefined {
  if (!profile.name) {
    return 'a profile needs a name';
  }
  const endpoints = endpointsOf(profile);
  if (endpoints.length === 0) {
    return `profile ${profile.name} needs baseUrl and model, or endpoints`;
  }
  const bad = endpoints.find((e) => !e.baseUrl || !e.model);
  return bad ? `profile ${profile.name}: every endpoint needs baseUrl and model` : undefined;
}

/** True when a key must come from somewhere: the endpoint says so, or it is not on this machine. */
export function needsKey(endpoint: EndpointSetting): boolean {
  return endpoint.requiresKey ?? !isLocalUrl(endpoint.baseUrl);
}

/** The SecretStorage id of an endpoint's key: one key per provider URL, shared by the profiles that use it. */
export function secretId(baseUrl: string): string {
  return 'batchai.apiKey:' + baseUrl.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * The model part of startJob/generateQuestions for a profile: a stored key goes inline (the daemon never
 * stores it), else the variable name for the daemon's environment, else nothing (a local server).
 */
export function toModelChoice(profile: ProfileSetting, keyFor: (baseUrl: string) => string | undefined): ModelChoice {
  const endpoints: EndpointConfig[] = endpointsOf(profile).map((e) => {
    const key = needsKey(e) ? keyFor(e.baseUrl) : undefined;
    return stripUndefined({
      name: e.name,
      baseUrl: e.baseUrl,
      model: e.model,
      apiKey: key,
      apiKeyEnv: key ? undefined : needsKey(e) ? e.apiKeyEnv : undefined,
      weight: e.weight,
      requestsPerMinute: e.requestsPerMinute,
      tokensPerMinute: e.tokensPerMinute,
      maxConcurrent: e.maxConcurrent,
    });
  });
  if (endpoints.length === 1 && Object.keys(endpoints[0]).every((k) => ['baseUrl', 'model', 'apiKey', 'apiKeyEnv'].includes(k))) {
    return { provider: endpoints[0] };
  }
  return { endpoints };
}

/** Endpoints that need a key and have neither a stored key nor a variable name: the user is asked for these. */
export function missingKeys(profile: ProfileSetting, keyFor: (baseUrl: string) => string | undefined): EndpointSetting[] {
  return endpointsOf(profile).filter((e) => needsKey(e) && !keyFor(e.baseUrl) && !e.apiKeyEnv);
}

export function describeProfile(profile: ProfileSetting): string {
  const endpoints = endpointsOf(profile);
  return endpoints.map((e) => `${e.model} @ ${e.baseUrl}`).join(', ');
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
