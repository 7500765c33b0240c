namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>One sheet for <see cref="XlsxWriter"/>. A null row leaves a gap (no row element); cells may be string, number, bool, DateTime or null.</summary>
internal sealed record XlsxSheet(string Name, IReadOnlyList<IReadOnlyList<object?>?> Rows);
