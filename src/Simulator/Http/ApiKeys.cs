using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Checks the <c>Authorization: Bearer</c> key against <see cref="SimulatorOptions.RequiredApiKey"/>.</summary>
internal static class ApiKeys
{
    public static bool IsAuthorized(HttpContext context, SimulatorOptions options, out string? presented)
    {
        var header = context.Request.Headers.Authorization.ToString();
        presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        return options.RequiredApiKey is not { } required || string.Equals(presented, required, StringComparison.Ordinal);
    }
}
