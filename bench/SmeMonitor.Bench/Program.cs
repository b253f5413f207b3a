using SmeMonitor.Bench;

// dotnet run -c Release --project bench/SmeMonitor.Bench -- [name ...]
// Each benchmark measures its subject and a baseline in the same run and prints the ratio:
// these machines are noisy, so only ratios measured side by side mean anything.
var all = Benchmarks.All.ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
var chosen = args.Length == 0 ? all.Values.ToList() : args.Select(a => all.TryGetValue(a, out var b) ? b : throw new ArgumentException($"Unknown benchmark '{a}'. Known: {string.Join(", ", all.Keys)}")).ToList();
foreach (var benchmark in chosen)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    await benchmark.RunAsync();
}
