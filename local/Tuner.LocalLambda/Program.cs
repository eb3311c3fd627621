// Placeholder entry point: filled in by the issue that owns Tuner.LocalLambda.
return 0;
