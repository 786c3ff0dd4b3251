/// Reading the `opening_hours` text.
///
/// Grammar understood (spaces are free between tokens, not inside a time):
///
///     hours     = rule { (";" | "," selector-start) rule } [";"]    (empty rules between ";" are ignored)
///     rule      = "24/7" | [selector [":"]] body
///     selector  = item { "," item }
///     item      = day ["-" day] | "PH"                  day = Mo | Tu | We | Th | Fr | Sa | Su
///     body      = "off" | "closed" | "open" | "24/7" | spans ["open"] | (nothing, after a selector)
///     spans     = span { "," span }
///     span      = time "-" time                          time = H:MM | HH:MM
///
/// Day codes and keywords are read without regard to case; en and em dashes count as "-".
/// A start is 00:00…23:59; an end is 00:00…48:00. An end earlier than its start runs to the next
/// day (`22:00-02:00` is the same as `22:00-26:00`). A selector alone, or with `open`, is the whole
/// day. A rule after "," adds its hours to what the previous rules gave its days instead of
/// replacing them.
enum OpeningHoursParser {
    static func parse(_ text: String) throws(OpeningHoursError) -> [OpeningHours.Rule] {
        let count = text.count
        if count > OpeningHours.maximumLength {
            throw OpeningHoursError(
                offset: OpeningHours.maximumLength, length: count - OpeningHours.maximumLength,
                message: "texte trop long : \(French.integer(OpeningHours.maximumLength)) caractères au plus")
        }
        let characters = Array(text)
        var parser = Parser(characters: characters, tokens: tokenize(characters))
        let rules = try parser.parseAll()
        if rules.isEmpty {
            throw OpeningHoursError(offset: 0, length: characters.count, message: "aucun horaire")
        }
        return rules
    }

    // MARK: Tokens

    struct Token {
        enum Kind { case word, number, symbol }
        let kind: Kind
        /// As written, except dashes, which all read "-".
        let text: String
        let offset: Int
        let length: Int
        var end: Int { offset + length }
    }

    static func tokenize(_ characters: [Character]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let start = i
            if c.isWhitespace {
                i += 1
                continue
            }
            if isDigit(c) {
                while i < characters.count, isDigit(characters[i]) { i += 1 }
                tokens.append(Token(kind: .number, text: String(characters[start..<i]), offset: start, length: i - start))
            } else if c.isLetter {
                while i < characters.count, characters[i].isLetter { i += 1 }
                tokens.append(Token(kind: .word, text: String(characters[start..<i]), offset: start, length: i - start))
            } else {
                i += 1
                let text = dashes.contains(c) ? "-" : String(c)
                tokens.append(Token(kind: .symbol, text: text, offset: start, length: 1))
            }
        }
        return tokens
    }

    static func isDigit(_ c: Character) -> Bool {
        guard c.unicodeScalars.count == 1, let v = c.asciiValue else { return false }
        return (48...57).contains(v)
    }

    /// Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
    static let dashes: Set<Character> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"]

    // MARK: Words

    enum Word: Equatable {
        case weekday(Int)
        case publicHoliday
        case off
        case open
        case unsupported(String)
        case other
    }

    static let dayCodes = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    static let months: Set<String> = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func classify(_ word: String) -> Word {
        let lower = word.lowercased()
        if let index = dayCodes.firstIndex(where: { $0.lowercased() == lower }) { return .weekday(index + 1) }
        switch lower {
        case "ph": return .publicHoliday
        case "off", "closed": return .off
        case "open": return .open
        case "sh": return .unsupported("les vacances scolaires (SH) ne sont pas prises en charge")
        case "week": return .unsupported("les numéros de semaine ne sont pas pris en charge")
        case "sunrise", "sunset", "dawn", "dusk":
            return .unsupported("les heures liées au soleil (« \(word) ») ne sont pas prises en charge")
        case "easter": return .unsupported("les dates liées à Pâques ne sont pas prises en charge")
        case "unknown": return .unsupported("« \(word) » n’est pas pris en charge")
        default: break
        }
        if months.contains(lower) { return .unsupported("les mois ne sont pas pris en charge") }
        return .other
    }

    // MARK: Parser

    struct Parser {
        let characters: [Character]
        let tokens: [Token]
        var index = 0

        var current: Token? { token(at: index) }

        func token(at i: Int) -> Token? { i >= 0 && i < tokens.count ? tokens[i] : nil }

        func isSymbol(_ symbol: String, at i: Int? = nil) -> Bool {
            guard let t = token(at: i ?? index) else { return false }
            return t.kind == .symbol && t.text == symbol
        }

        func source(_ from: Int, _ to: Int) -> String {
            String(characters[max(0, from)..<min(to, characters.count)])
        }

        func error(_ token: Token, _ message: String) -> OpeningHoursError {
            OpeningHoursError(offset: token.offset, length: token.length, message: message)
        }

        func error(from: Int, to: Int, _ message: String) -> OpeningHoursError {
            OpeningHoursError(offset: from, length: to - from, message: message)
        }

        func unknownDay(_ token: Token) -> OpeningHoursError {
            error(token, "jour inconnu « \(token.text) » (attendu Mo, Tu, We, Th, Fr, Sa, Su)")
        }

        /// A word where a day is expected.
        func notADay(_ token: Token) -> OpeningHoursError {
            switch classify(token.text) {
            case .unsupported(let message): error(token, message)
            case .off, .open: error(token, "jour attendu à la place de « \(token.text) »")
            default: unknownDay(token)
            }
        }

        mutating func parseAll() throws(OpeningHoursError) -> [OpeningHours.Rule] {
            var rules: [OpeningHours.Rule] = []
            while index < tokens.count {
                if isSymbol(";") {
                    index += 1
                    continue
                }
                var additional = false
                while true {
                    rules.append(try parseRule(additional: additional))
                    // "," followed by a day starts a rule that adds to the previous ones.
                    if isSymbol(","), let next = token(at: index + 1), next.kind == .word {
                        switch classify(next.text) {
                        case .weekday, .publicHoliday:
                            index += 1
                            additional = true
                            continue
                        default:
                            throw notADay(next)
                        }
                    }
                    break
                }
                guard let t = current else { break }
                if isSymbol(";") {
                    index += 1
                    continue
                }
                throw unexpectedAfterRule(t)
            }
            return rules
        }

        /// Reads one rule; always moves forward or throws.
        mutating func parseRule(additional: Bool) throws(OpeningHoursError) -> OpeningHours.Rule {
            guard let first = current else {
                throw OpeningHoursError(offset: characters.count, length: 0, message: "aucun horaire")
            }
            if isTwentyFourSeven(at: index) {
                index += 3
                return OpeningHours.Rule(days: [], spans: [0..<1440], closed: false, additional: additional, allWeek: true)
            }
            var days: [OpeningHours.Rule.DayItem] = []
            if first.kind == .word {
                switch classify(first.text) {
                case .weekday, .publicHoliday: days = try parseDays()
                case .off, .open: break
                default: throw notADay(first)
                }
            }
            if !days.isEmpty && isSymbol(":") { index += 1 }

            guard let t = current, !isSymbol(";") else {
                // A selector alone: the whole day.
                return OpeningHours.Rule(days: days, spans: [0..<1440], closed: false, additional: additional)
            }
            switch t.kind {
            case .word:
                switch classify(t.text) {
                case .off:
                    index += 1
                    return OpeningHours.Rule(days: days, spans: [], closed: true, additional: additional)
                case .open:
                    index += 1
                    return OpeningHours.Rule(days: days, spans: [0..<1440], closed: false, additional: additional)
                case .weekday, .publicHoliday:
                    throw error(t, "virgule attendue entre les jours, par ex. « Mo,We » (avant « \(t.text) »)")
                case .unsupported(let message):
                    throw error(t, message)
                case .other:
                    throw days.isEmpty ? unknownDay(t) : error(t, "texte inattendu « \(t.text) »")
                }
            case .number:
                var spans: [Range<Int>]
                if isTwentyFourSeven(at: index) {
                    index += 3
                    spans = [0..<1440]
                } else {
                    spans = try parseSpans()
                }
                if let next = current, next.kind == .word, classify(next.text) == .open { index += 1 }
                return OpeningHours.Rule(days: days, spans: spans, closed: false, additional: additional)
            case .symbol:
                if t.text == ",", !days.isEmpty {
                    throw error(t, "jour attendu après « , »")
                }
                throw unexpectedSymbol(t)
            }
        }

        /// `Mo-We,Fr,PH`; the current token is a day or PH.
        mutating func parseDays() throws(OpeningHoursError) -> [OpeningHours.Rule.DayItem] {
            var items: [OpeningHours.Rule.DayItem] = []
            while let t = current, t.kind == .word {
                switch classify(t.text) {
                case .weekday(let first):
                    index += 1
                    if isSymbol("-"), let dash = current {
                        index += 1
                        guard let u = current, u.kind == .word else {
                            throw error(dash, "jour attendu après « - », par ex. « Mo-Fr »")
                        }
                        guard case .weekday(let last) = classify(u.text) else { throw notADay(u) }
                        index += 1
                        items.append(first == last ? .day(first) : .range(first, last))
                    } else {
                        items.append(.day(first))
                    }
                case .publicHoliday:
                    index += 1
                    items.append(.publicHoliday)
                    if isSymbol("-"), let dash = current {
                        throw error(dash, "« PH » (jours fériés) ne peut pas commencer une plage de jours")
                    }
                default:
                    throw notADay(t)
                }
                guard isSymbol(","), let next = token(at: index + 1), next.kind == .word else { break }
                index += 1
            }
            return items
        }

        /// `09:00-12:00,14:00-18:30`; the current token is a number.
        mutating func parseSpans() throws(OpeningHoursError) -> [Range<Int>] {
            var spans: [Range<Int>] = []
            while true {
                spans.append(try parseSpan())
                guard isSymbol(","), let next = token(at: index + 1), next.kind == .number else { return spans }
                index += 1
            }
        }

        mutating func parseSpan() throws(OpeningHoursError) -> Range<Int> {
            let start = try parseTime()
            guard start.minutes < 1440 else {
                throw error(from: start.from, to: start.to, "heure de début invalide « \(source(start.from, start.to)) » (au plus 23:59)")
            }
            guard let dash = current, dash.kind == .symbol, dash.text == "-" else {
                if let plus = current, plus.kind == .symbol, plus.text == "+" { throw unexpectedSymbol(plus) }
                throw error(from: start.from, to: start.to,
                            "plage horaire incomplète « \(source(start.from, start.to)) » : heure de fin attendue, par ex. 09:00-12:00")
            }
            index += 1
            guard let next = current, next.kind == .number else {
                if let word = current, word.kind == .word, case .unsupported(let message) = classify(word.text) {
                    throw error(word, message)
                }
                throw error(dash, "heure de fin attendue après « - »")
            }
            let end = try parseTime()
            var endMinutes = end.minutes
            if endMinutes == start.minutes {
                throw error(from: start.from, to: end.to,
                            "plage horaire vide « \(source(start.from, end.to)) » (toute la journée s’écrit 00:00-24:00)")
            }
            if endMinutes < start.minutes { endMinutes += 1440 }
            if let after = current, after.kind == .symbol, after.text == "/" || after.text == "+" {
                throw unexpectedSymbol(after)
            }
            return start.minutes..<endMinutes
        }

        /// `9:00`, `09:00`, up to `48:00`; the current token is a number.
        mutating func parseTime() throws(OpeningHoursError) -> (minutes: Int, from: Int, to: Int) {
            guard let hours = current, hours.kind == .number else {
                throw OpeningHoursError(offset: min(current?.offset ?? characters.count, characters.count), length: 0,
                                        message: "heure attendue")
            }
            index += 1
            var to = hours.end
            if let h = current, h.kind == .word, h.offset == to, h.text.first == "h" || h.text.first == "H" {
                to = h.end
                if let minutes = token(at: index + 1), minutes.kind == .number, minutes.offset == to { to = minutes.end }
                throw error(from: hours.offset, to: to,
                            "heure à écrire au format HH:MM, par ex. 09:00 ou 18:30 (et non « \(source(hours.offset, to)) »)")
            }
            guard let colon = current, colon.kind == .symbol, colon.text == ":", colon.offset == to else {
                throw error(from: hours.offset, to: to,
                            "heure invalide « \(source(hours.offset, to)) » (format attendu HH:MM, par ex. 09:00)")
            }
            index += 1
            to = colon.end
            guard let minutes = current, minutes.kind == .number, minutes.offset == to else {
                throw error(from: hours.offset, to: to, "heure invalide « \(source(hours.offset, to)) »")
            }
            index += 1
            to = minutes.end
            if let seconds = current, seconds.kind == .symbol, seconds.text == ":", seconds.offset == to {
                to = seconds.end
                if let more = token(at: index + 1), more.kind == .number, more.offset == to { to = more.end }
                throw error(from: hours.offset, to: to,
                            "heure invalide « \(source(hours.offset, to)) » (format attendu HH:MM, sans secondes)")
            }
            guard hours.text.count <= 2, minutes.text.count == 2,
                  let h = Int(hours.text), let m = Int(minutes.text),
                  h <= 48, m < 60, h * 60 + m <= 2880 else {
                throw error(from: hours.offset, to: to, "heure invalide « \(source(hours.offset, to)) »")
            }
            return (h * 60 + m, hours.offset, to)
        }

        func isTwentyFourSeven(at i: Int) -> Bool {
            guard let a = token(at: i), a.kind == .number, a.text == "24",
                  let slash = token(at: i + 1), slash.kind == .symbol, slash.text == "/", slash.offset == a.end,
                  let b = token(at: i + 2), b.kind == .number, b.text == "7", b.offset == slash.end
            else { return false }
            return true
        }

        func unexpectedAfterRule(_ t: Token) -> OpeningHoursError {
            switch t.kind {
            case .word:
                switch classify(t.text) {
                case .weekday, .publicHoliday:
                    return error(t, "point-virgule « ; » attendu avant « \(t.text) » pour commencer une autre règle")
                case .off:
                    return error(t, "« \(t.text) » après des horaires n’est pas pris en charge (écrire par ex. « We off » dans une règle à part)")
                case .unsupported(let message):
                    return error(t, message)
                case .open, .other:
                    return error(t, "texte inattendu « \(t.text) »")
                }
            case .number:
                // Show the whole time ("14:00"), not only its hours.
                var to = t.end
                if let i = tokens.firstIndex(where: { $0.offset == t.offset }),
                   let colon = token(at: i + 1), colon.kind == .symbol, colon.text == ":", colon.offset == to,
                   let minutes = token(at: i + 2), minutes.kind == .number, minutes.offset == colon.end {
                    to = minutes.end
                }
                return error(from: t.offset, to: to, "virgule « , » ou point-virgule « ; » attendu avant « \(source(t.offset, to)) »")
            case .symbol:
                return unexpectedSymbol(t)
            }
        }

        func unexpectedSymbol(_ t: Token) -> OpeningHoursError {
            switch t.text {
            case "\"":
                return error(t, "les commentaires entre guillemets ne sont pas pris en charge")
            case "[", "]":
                return error(t, "les crochets (par ex. « Mo[1] ») ne sont pas pris en charge")
            case "|":
                if let other = tokens.firstIndex(where: { $0.offset == t.offset }),
                   let next = token(at: other + 1), next.kind == .symbol, next.text == "|", next.offset == t.end {
                    return error(from: t.offset, to: next.end, "les règles de repli « || » ne sont pas prises en charge")
                }
                return error(t, "caractère inattendu « | »")
            case "+":
                return error(t, "les horaires sans heure de fin (« + ») ne sont pas pris en charge")
            case "/":
                return error(t, "les horaires périodiques ou fractions (« / ») ne sont pas pris en charge")
            case ",":
                return error(t, "virgule « , » inattendue : un jour ou une plage horaire doit la suivre")
            case "-":
                return error(t, "tiret « - » inattendu")
            case ":":
                return error(t, "deux-points « : » inattendu")
            default:
                return error(t, "caractère inattendu « \(Self.visible(t.text)) »")
            }
        }

        /// A character made only of invisible scalars (control, format, lone combining mark…) as U+XXXX,
        /// so that the message shows something.
        static func visible(_ text: String) -> String {
            if text.unicodeScalars.contains(where: { !$0.properties.generalCategory.isInvisible }) { return text }
            return text.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(4) }
                .joined(separator: " ")
        }
    }
}

private extension Unicode.GeneralCategory {
    var isInvisible: Bool {
        switch self {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .spaceSeparator, .nonspacingMark, .enclosingMark:
            true
        default:
            false
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension OpeningHours {
    /// One rule as read.
    struct Rule: Sendable, Equatable {
        enum DayItem: Sendable, Equatable {
            case day(Int)            // ISO weekday
            case range(Int, Int)     // may wrap: Sa-Mo
            case publicHoliday
        }

        /// Empty: every day.
        let days: [DayItem]
        /// Minutes from the start of the day the rule names; ends up to 2880. Empty when closed.
        let spans: [Range<Int>]
        let closed: Bool
        /// After ",": adds to the previous rules instead of replacing them.
        let additional: Bool
        /// Written `24/7`.
        let allWeek: Bool
        /// Bit n-1 for ISO weekday n.
        let weekdayMask: UInt8
        let includesPublicHolidays: Bool

        init(days: [DayItem], spans: [Range<Int>], closed: Bool, additional: Bool, allWeek: Bool = false) {
            self.days = days
            self.spans = spans
            self.closed = closed
            self.additional = additional
            self.allWeek = allWeek
            var mask: UInt8 = 0
            for item in days {
                switch item {
                case .day(let d):
                    mask |= 1 << (d - 1)
                case .range(let first, let last):
                    var d = first
                    for _ in 0..<7 {
                        mask |= 1 << (d - 1)
                        if d == last { break }
                        d = d % 7 + 1
                    }
                case .publicHoliday:
                    break
                }
            }
            weekdayMask = mask
            includesPublicHolidays = days.contains(.publicHoliday)
        }

        func applies(weekday: Int, publicHoliday: Bool) -> Bool {
            if days.isEmpty { return true }
            return weekdayMask & (1 << (weekday - 1)) != 0 || (includesPublicHolidays && publicHoliday)
        }

        var text: String {
            if allWeek && days.isEmpty { return "24/7" }
            let selector = days.map { item in
                switch item {
                case .day(let d): OpeningHoursParser.dayCodes[d - 1]
                case .range(let a, let b): OpeningHoursParser.dayCodes[a - 1] + "-" + OpeningHoursParser.dayCodes[b - 1]
                case .publicHoliday: "PH"
                }
            }.joined(separator: ",")
            let body = closed ? "off" : spans.map(Self.text(span:)).joined(separator: ",")
            return selector.isEmpty ? body : selector + " " + body
        }

        static func text(of rules: [Rule]) -> String {
            var out = ""
            for (i, rule) in rules.enumerated() {
                if i > 0 { out += rule.additional ? ", " : "; " }
                out += rule.text
            }
            return out
        }

        static func text(span: Range<Int>) -> String {
            let start = span.lowerBound, end = span.upperBound
            let shownEnd = end > 1440 && end - 1440 < start ? end - 1440 : end
            return clock(start) + "-" + clock(shownEnd)
        }

        static func clock(_ minutes: Int) -> String {
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
        }
    }
}
