namespace Tuner.Functions.Errors;

/// <summary>The plan's upper-bound cost is above the request's <c>budget.maxUsd</c>: nothing was changed.</summary>
public sealed class BudgetExceededException : Exception
{
    public BudgetExceededException()
        : base("the plan is over budget")
    {
    }

    public BudgetExceededException(string message)
        : base(message)
    {
    }

    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
