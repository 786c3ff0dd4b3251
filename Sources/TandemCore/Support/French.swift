/// How numbers and durations read in French on screen.
public enum French {
    /// "5 000": thousands separated by a no-break space, as French typography wants.
    public static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{00A0}") }
            out.append(char)
        }
        return value < 0 ? "-" + out : out
    }

    /// "45 min", "1 h", "1 h 30".
    public static func duration(minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        if hours == 0 { return "\(rest) min" }
        if rest == 0 { return "\(hours) h" }
        return String(format: "%d h %02d", hours, rest)
    }
}
