using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tuner.LocalLambda.Tests.TestHelpers;

/// <summary>An in-memory HTTP exchange for the endpoints' unit tests: a request body to read, a response body to check.</summary>
internal static class HttpContexts
{
    public static DefaultHttpContext WithBody(string requestBody = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(requestBody));
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static string ResponseText(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
