// Copyright (c) StreamingStt contributors. MIT License.
//
// The engine's hot paths under BenchmarkDotNet with the memory diagnoser. Run all of them:
//   dotnet run --project bench/StreamingStt.Benchmarks -c Release -- --filter '*'
// or one class: --filter '*Resample*'. A quick look (fewer iterations): add --job short.
using BenchmarkDotNet.Running;

namespace StreamingStt.Benchmarks;

internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
