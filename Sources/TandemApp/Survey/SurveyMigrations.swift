import Fluent
import SQLKit

/// The survey's tables, then the default questionnaire and codebook. Installing the defaults here
/// (rather than at every boot) puts them in every database exactly once, tests included, and
/// leaves a researcher's later edits alone; `installDefaults` is idempotent all the same.
struct CreateSurvey: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SurveyQuestionnaireModel.schema)
            .id()
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "slug")
            .create()
        try await database.schema(SurveyVersionModel.schema)
            .id()
            .field("questionnaire_id", .uuid, .required, .references(SurveyQuestionnaireModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "questionnaire_id", "number")
            .create()
        try await database.schema(SurveyRespondentModel.schema)
            .id()
            .field("version_id", .uuid, .required, .references(SurveyVersionModel.schema, "id", onDelete: .restrict))
            .field("slug", .string, .required)
            .field("display_name", .string, .required)
            .field("post", .string, .required)
            .field("employer", .string, .required)
            .field("context", .string, .required)
            .field("territory", .string, .required)
            .field("departement", .string, .required)
            .field("interview_date", .string)
            .field("consent", .string, .required)
            .field("status", .string, .required)
            .field("tags", .string, .required)
            .field("mediator_id", .uuid, .references(UserModel.schema, "id", onDelete: .setNull))
            .field("answer_token_hash", .string)
            .field("published_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .unique(on: "answer_token_hash")
            .create()
        try await database.schema(SurveyAnswerModel.schema)
            .id()
            .field("respondent_id", .uuid, .required, .references(SurveyRespondentModel.schema, "id", onDelete: .cascade))
            .field("question_key", .string, .required)
            .field("text", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "respondent_id", "question_key")
            .create()
        try await database.schema(SurveyCodeModel.schema)
            .id()
            .field("parent_id", .uuid)
            .field("name", .string, .required)
            .field("colour", .string, .required)
            .field("description", .string, .required)
            .field("keywords", .string, .required)
            .field("memo", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(SurveyCodingModel.schema)
            .id()
            .field("respondent_id", .uuid, .required, .references(SurveyRespondentModel.schema, "id", onDelete: .cascade))
            .field("question_key", .string, .required)
            .field("start", .int, .required)
            .field("end", .int, .required)
            .field("code_id", .uuid, .required, .references(SurveyCodeModel.schema, "id", onDelete: .restrict))
            .field("memo", .string, .required)
            .field("created_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "survey_codings_respondent").on(SurveyCodingModel.schema).column("respondent_id").run()
            try await sql.create(index: "survey_codings_code").on(SurveyCodingModel.schema).column("code_id").run()
        }
        try await SurveyStore(db: database).installDefaults()
    }

    func revert(on database: any Database) async throws {
        for schema in [SurveyCodingModel.schema, SurveyCodeModel.schema, SurveyAnswerModel.schema,
                       SurveyRespondentModel.schema, SurveyVersionModel.schema, SurveyQuestionnaireModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
