using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kassa.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrderNumberSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Order numbers come from a sequence on PostgreSQL, so concurrent checkouts no longer queue on
            // the store settings row (docs/benchmarks.md). It continues after the highest number given so far.
            migrationBuilder.Sql("CREATE SEQUENCE order_numbers AS bigint START WITH 1;");
            migrationBuilder.Sql("""
                SELECT setval('order_numbers', GREATEST(
                    (SELECT COALESCE(MAX("Number"), 0) FROM orders),
                    (SELECT COALESCE(MAX("LastOrderNumber"), 0) FROM store_settings)) + 1, false);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE store_settings SET "LastOrderNumber" = GREATEST("LastOrderNumber", (SELECT COALESCE(MAX("Number"), 0) FROM orders));
                """);
            migrationBuilder.Sql("DROP SEQUENCE order_numbers;");
        }
    }
}
