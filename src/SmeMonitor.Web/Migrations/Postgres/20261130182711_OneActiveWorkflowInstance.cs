using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmeMonitor.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneActiveWorkflowInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_Active",
                table: "WorkflowInstances",
                columns: new[] { "WorkflowName", "SubjectType", "SubjectId" },
                unique: true,
                filter: "\"Status\" IN ('Waiting', 'Running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_Active",
                table: "WorkflowInstances");
        }
    }
}
