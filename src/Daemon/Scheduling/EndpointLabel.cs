using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// How a row names the endpoint that answered it, stably across runs: the endpoint's name when the user gave it one, else
/// its base URL's host (with the port, when it is not the scheme's) and path. A URL's user information and query are left
/// out, and anything in the path that looks like a key is masked: some gateways take a key there, and a label is stored.
/// </summary>
internal static class EndpointLabel
{
    /// <param name="position">The endpoint's place in its job, which names it (<c>endpoint1</c>...) when the user did not.</param>
    public static string Of(EndpointSpec endpoint, int position) =>
        endpoint.Name != EndpointSpec.DefaultName(position) ? endpoint.Name : FromUrl(endpoint.BaseUrl) ?? endpoint.Name;

    /// <summary><c>https://user:pw@api.example.com:8443/v1/?key=k</c> → <c>api.example.com:8443/v1</c>; null when it is not a URL.</summary>
    public static string? FromUrl(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        return Secrets.Redact(uri.Host + port + uri.AbsolutePath.TrimEnd('/'), key: null);
    }
}
