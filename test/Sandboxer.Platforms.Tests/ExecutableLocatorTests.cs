using Sandboxer.Platforms;

namespace Sandboxer.Platforms.Tests;

public sealed class ExecutableLocatorTests
{
    [Fact]
    public void Finds_sh_on_the_path()
    {
        var sh = ExecutableLocator.Find("sh");
        Assert.NotNull(sh);
        Assert.True(Path.IsPathRooted(sh));
    }

    [Fact]
    public void Returns_null_for_a_program_that_does_not_exist()
    {
        Assert.Null(ExecutableLocator.Find("sandboxer-no-such-program-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void Does_not_accept_a_non_executable_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Null(ExecutableLocator.Find(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
