import Foundation

extension ObservatoryQuery {
    /// The query written back as the parameters of `/statistiques` and `/api/v1/statistics`, in the
    /// order of `ObservatoryInput.names`; reading them again gives the same query.
    /// `frozen` writes the months themselves (`period=custom&from=…&to=…`) rather than a preset
    /// such as « cette année »: a shared link keeps showing the months it was made for.
    public func parameters(frozen: Bool = false) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        if frozen || preset == .custom {
            result += [("period", PeriodPreset.custom.code), ("from", period.first.iso), ("to", period.last.iso)]
        } else {
            result.append(("period", preset.code))
        }
        func add(_ name: String, _ value: String?) {
            if let value { result.append((name, value)) }
        }
        add("structureId", structureId?.uuidString.lowercased())
        add("placeId", placeId?.uuidString.lowercased())
        add("mediatorId", mediatorId?.uuidString.lowercased())
        add("context", context?.code)
        add("kind", kind?.code)
        switch characteristic {
        case .none: break
        case let .theme(theme): add("theme", theme.code)
        case let .age(age): add("ageBracket", age.code)
        case let .status(status): add("socialStatus", status.code)
        }
        return result
    }

    /// `period=this_year&kind=workshop`, percent-encoded.
    public func queryString(frozen: Bool = false) -> String {
        parameters(frozen: frozen).map { "\($0.name)=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension ObservatoryInput {
    /// The parameters of a query string or a form that the observatory reads, first value of
    /// each; other names are left out.
    public init(form: FormBody) {
        var parameters: [String: String] = [:]
        for name in Self.names {
            if let value = form.value(name) { parameters[name] = value }
        }
        self.init(parameters: parameters)
    }

    /// From a query string (`period=custom&from=2026-01&to=2026-06`).
    public init(query: String?) {
        self.init(form: FormBody.parse(query ?? ""))
    }
}
