namespace Qulo.Tests.Support;

/// <summary>
/// Trait for slow end-to-end tests (real processes, carbon, psutil on the live machine):
/// [Trait(Category.Name, Category.EndToEnd)]. The quick loop is `dotnet test --filter Category!=EndToEnd`.
/// </summary>
public static class Category
{
    public const string Name = "Category";
    public const string EndToEnd = "EndToEnd";
}
