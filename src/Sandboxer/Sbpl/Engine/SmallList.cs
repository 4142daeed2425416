namespace Sandboxer.Sbpl.Engine;

/// <summary>A list that keeps its first four items inline, so that deciding a request allocates nothing in the common case.</summary>
internal struct SmallList<T>
{
    private T _item0;
    private T _item1;
    private T _item2;
    private T _item3;
    private List<T>? _overflow;

    public int Count { get; private set; }

    public readonly T this[int index] => index switch
    {
        0 => _item0,
        1 => _item1,
        2 => _item2,
        3 => _item3,
        _ => _overflow![index - 4],
    };

    public void Add(T item)
    {
        switch (Count)
        {
            case 0:
                _item0 = item;
                break;
            case 1:
                _item1 = item;
                break;
            case 2:
                _item2 = item;
                break;
            case 3:
                _item3 = item;
                break;
            default:
                (_overflow ??= []).Add(item);
                break;
        }

        Count++;
    }

    public readonly T[] ToArray()
    {
        var items = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            items[i] = this[i];
        }

        return items;
    }
}
