using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kassa.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CartsWithoutUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_carts_UpdatedAt",
                table: "carts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_carts_UpdatedAt",
                table: "carts",
                column: "UpdatedAt");
        }
    }
}
