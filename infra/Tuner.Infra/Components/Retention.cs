using Amazon.CDK.AWS.Logs;

namespace Tuner.Infra.Components;

/// <summary>Maps a number of days to the CloudWatch Logs retention CDK accepts.</summary>
public static class Retention
{
    private static readonly Dictionary<int, RetentionDays> _byDays = new()
    {
        [1] = RetentionDays.ONE_DAY,
        [3] = RetentionDays.THREE_DAYS,
        [5] = RetentionDays.FIVE_DAYS,
        [7] = RetentionDays.ONE_WEEK,
        [14] = RetentionDays.TWO_WEEKS,
        [30] = RetentionDays.ONE_MONTH,
        [60] = RetentionDays.TWO_MONTHS,
        [90] = RetentionDays.THREE_MONTHS,
        [120] = RetentionDays.FOUR_MONTHS,
        [150] = RetentionDays.FIVE_MONTHS,
        [180] = RetentionDays.SIX_MONTHS,
        [365] = RetentionDays.ONE_YEAR,
        [400] = RetentionDays.THIRTEEN_MONTHS,
        [545] = RetentionDays.EIGHTEEN_MONTHS,
        [731] = RetentionDays.TWO_YEARS,
        [1827] = RetentionDays.FIVE_YEARS,
        [3653] = RetentionDays.TEN_YEARS,
    };

    /// <summary>The retention for <paramref name="days"/>.</summary>
    /// <exception cref="InvalidOperationException">CloudWatch Logs has no retention of that many days.</exception>
    public static RetentionDays From(int days) =>
        _byDays.TryGetValue(days, out var retention)
            ? retention
            : throw new InvalidOperationException(
                $"CloudWatch Logs has no retention of {days} days; use one of {string.Join(", ", _byDays.Keys)}.");
}
