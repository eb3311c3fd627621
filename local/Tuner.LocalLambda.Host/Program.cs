// Placeholder entry point: filled in by the issue that owns Tuner.LocalLambda.Host.
return 0;
