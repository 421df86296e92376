namespace Kassa.Data;

/// <summary>A row with a database-generated integer id.</summary>
public interface IEntity
{
    long Id { get; }
}
