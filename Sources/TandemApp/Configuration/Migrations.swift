import Fluent
import Vapor

/// Every migration, in the order it was released. Append only: a released migration is never
/// edited, a change is a new migration.
func tandemMigrations() -> [any Migration] {
    [
        SessionRecord.migration,
        CreateStructure(),
        CreatePlace(),
        CreateUser(),
        CreateUserPlace(),
        CreateAPIToken(),
        CreateActivity(),
        CreateIdempotencyKey(),
        AddPlaceStandardFields(),
        CreateLocalResource(),
        AddActivityResource(),
        CreateWorkshop(),
        CreateCalendarLink(),
        CreateWorkshopRegistration(),
        CreateActivityRollups(),
        CreateSharedDashboard(),
        AddStructureRollups(),
        AddRollupScopeStatistics(),
        CreateSurvey(),
        CreateJournal(),
        CreateFollowedPerson(),
        AddActivityPerson(),
        CreateSignInFailure(),
    ]
}

func addMigrations(_ app: Application) {
    app.migrations.add(tandemMigrations())
}
