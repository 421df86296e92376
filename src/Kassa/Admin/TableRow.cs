namespace Kassa.AdminPages;

/// <summary>A row of an admin list; the first cell links to <see cref="Href"/>.</summary>
public sealed record TableRow(string? Href, IReadOnlyList<string> Cells);

/// <summary>Which page of a list is shown, and the link to another page with the same filters.</summary>
public sealed record Pager(int Page, int PerPage, int Total, Func<int, string> Href)
{
    public int Pages => Math.Max(1, (Total + PerPage - 1) / PerPage);
    public int Skip => (Page - 1) * PerPage;
}
