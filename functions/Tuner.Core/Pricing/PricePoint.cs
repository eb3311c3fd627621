namespace Tuner.Core.Pricing;

/// <summary>One published price: USD per <see cref="Unit"/>, the date it was read and where.</summary>
public sealed record PricePoint(decimal Usd, string Unit, DateOnly ReadOn, string Source);
