// Placeholder entry point: filled in by the issue that owns Tuner.Infra.
return 0;
