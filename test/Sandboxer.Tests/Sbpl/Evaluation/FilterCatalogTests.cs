using Sandboxer.Sbpl.Evaluation;
using Sandboxer.Sbpl.Policy;

namespace Sandboxer.Tests.Sbpl.Evaluation;

public sealed class FilterCatalogTests
{
    [Fact]
    public void No_filter_name_is_also_an_operation_or_a_special_form()
    {
        var operations = OperationCatalog.All.Select(o => o.Name).Concat(OperationCatalog.Aliases.Keys).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(FilterCatalog.All.Keys, operations.Contains);
        Assert.DoesNotContain(FilterCatalog.All.Keys, Interpreter.IsSpecialForm);
        Assert.DoesNotContain(operations, Interpreter.IsSpecialForm);
    }

    [Theory]
    [InlineData("global-name-prefix")]
    [InlineData("global-name-regex")]
    [InlineData("sysctl-name-prefix")]
    [InlineData("ipc-posix-name-regex")]
    [InlineData("iokit-user-client-class-regex")]
    [InlineData("path-regex")]
    [InlineData("mount-relative-subpath")]
    [InlineData("process-subpath")]
    public void Derived_filter_names_exist(string name) => Assert.Contains(name, FilterCatalog.All.Keys);
}
