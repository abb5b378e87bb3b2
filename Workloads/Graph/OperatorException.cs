namespace IMCSim.Workloads.Graph;

/// <summary>Inputs that do not fit an operator (wrong rank, mismatched shapes); the executor adds the node and file.</summary>
public sealed class OperatorException : Exception
{
    public OperatorException(string message)
        : base(message)
    {
    }

    public OperatorException()
    {
    }

    public OperatorException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
