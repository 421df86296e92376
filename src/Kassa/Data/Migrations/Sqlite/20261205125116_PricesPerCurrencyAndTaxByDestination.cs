using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kassa.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PricesPerCurrencyAndTaxByDestination : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryCode",
                table: "store_settings",
                type: "TEXT",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "GrossPricesFollowDestination",
                table: "store_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Prices",
                table: "shipping_methods",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "FlatShippingPrices",
                table: "products",
                type: "TEXT",
                maxLength: 20000,
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "TaxClass",
                table: "products",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "standard");

            migrationBuilder.AddColumn<string>(
                name: "Prices",
                table: "discounts",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.CreateTable(
                name: "tax_rates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    TaxClass = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 20, scale: 6, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tax_rates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tax_rates_CountryCode_TaxClass",
                table: "tax_rates",
                columns: new[] { "CountryCode", "TaxClass" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tax_rates");

            migrationBuilder.DropColumn(
                name: "CountryCode",
                table: "store_settings");

            migrationBuilder.DropColumn(
                name: "GrossPricesFollowDestination",
                table: "store_settings");

            migrationBuilder.DropColumn(
                name: "Prices",
                table: "shipping_methods");

            migrationBuilder.DropColumn(
                name: "FlatShippingPrices",
                table: "products");

            migrationBuilder.DropColumn(
                name: "TaxClass",
                table: "products");

            migrationBuilder.DropColumn(
                name: "Prices",
                table: "discounts");
        }
    }
}
