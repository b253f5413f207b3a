using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmeMonitor.Core.Content;

namespace SmeMonitor.Core.Jobs;

/// <summary>
/// Input and result files of background jobs, under Storage:Root/jobs (a shared volume when several web nodes
/// run). Stored names are generated, never taken from a user, so an id cannot point outside the folder.
/// </summary>
public sealed partial class JobFileStore(IOptions<StorageOptions> options, IHostEnvironment env)
{
    public string Root { get; } = Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.Root, "jobs"));

    [GeneratedRegex("^[0-9a-z]{24}(\\.[0-9a-z]{1,8})?$")]
    private static partial Regex IdPattern();

    /// <summary>A new file for writing, named after <paramref name="fileName"/>'s extension.</summary>
    public (string Id, Stream Stream) Create(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!IdPattern().IsMatch("000000000000000000000000" + extension)) extension = "";
        var id = ContentItem.NewId() + extension;
        System.IO.Directory.CreateDirectory(Root);
        return (id, new FileStream(PathOf(id)!, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true));
    }

    public async Task<string> SaveAsync(string fileName, Stream content, CancellationToken ct)
    {
        var (id, stream) = Create(fileName);
        await using (stream) await content.CopyToAsync(stream, ct);
        return id;
    }

    /// <summary>Null when the id is malformed or the file is gone.</summary>
    public Stream? OpenRead(string? id) =>
        PathOf(id) is { } path && File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;

    public void Delete(string? id)
    {
        if (PathOf(id) is { } path && File.Exists(path)) File.Delete(path);
    }

    private string? PathOf(string? id) => id is not null && IdPattern().IsMatch(id) ? Path.Combine(Root, id) : null;
}
