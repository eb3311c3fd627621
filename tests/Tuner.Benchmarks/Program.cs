// Placeholder entry point: filled in by the issue that owns Tuner.Benchmarks.
return 0;
