import Fluent
import Vapor

/// Every migration, in the order it was released. Append only: a released migration is never
/// edited, a change is a new migration.
func addMigrations(_ app: Application) {
    app.migrations.add(SessionRecord.migration)
    app.migrations.add(CreateStructure())
    app.migrations.add(CreatePlace())
    app.migrations.add(CreateUser())
    app.migrations.add(CreateUserPlace())
    app.migrations.add(CreateAPIToken())
    app.migrations.add(CreateActivity())
    app.migrations.add(CreateIdempotencyKey())
    app.migrations.add(AddPlaceStandardFields())
    app.migrations.add(CreateLocalResource())
    app.migrations.add(AddActivityResource())
    app.migrations.add(CreateWorkshop())
    app.migrations.add(CreateCalendarLink())
    app.migrations.add(CreateWorkshopRegistration())
    app.migrations.add(CreateActivityRollups())
    app.migrations.add(CreateSharedDashboard())
    app.migrations.add(AddStructureRollups())
    app.migrations.add(AddRollupScopeStatistics())
    app.migrations.add(CreateSurvey())
    app.migrations.add(CreateJournal())
    app.migrations.add(CreateFollowedPerson())
    app.migrations.add(AddActivityPerson())
}
