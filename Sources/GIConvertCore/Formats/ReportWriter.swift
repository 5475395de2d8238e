/// A writer turns reports into one output file.
///
/// Writers stream: ``begin(_:context:)`` once, ``write(_:to:)`` for each report in order, then
/// ``finish(_:)``. A single-report conversion is the same sequence with one report. To add a writer,
/// conform a type to this protocol in a module under `Plugins/` and list it in `BuiltinFormats`.
public protocol ReportWriter: Sendable {
    static var descriptor: FormatDescriptor { get }

    init()

    /// Starts the output (a header line, an opening bracket).
    mutating func begin(_ sink: OutputSink, context: WriterContext) throws
    /// Writes one report.
    mutating func write(_ report: Report, to sink: OutputSink) throws
    /// Ends the output (a closing bracket, a zip directory).
    mutating func finish(_ sink: OutputSink) throws
}

extension ReportWriter {
    public mutating func begin(_ sink: OutputSink, context: WriterContext) throws {}
    public mutating func finish(_ sink: OutputSink) throws {}
}

/// A writer whose bytes for one report depend only on that report and the ``WriterContext`` (a CSV's
/// rows, a JSON Lines line): a bulk run encodes each report on the thread that converted it, and the
/// thread that writes the output only appends the bytes in order.
///
/// ``encode(_:context:)`` must give exactly the bytes ``ReportWriter/write(_:to:)`` writes for the
/// report after a ``ReportWriter/begin(_:context:)`` with the same context, and throw where it throws,
/// so an output is the same whichever way it was made.
public protocol PerReportWriter: ReportWriter {
    /// The bytes of one report, as ``ReportWriter/write(_:to:)`` writes them.
    static func encode(_ report: Report, context: WriterContext) throws -> [UInt8]
}

/// What a writer knows about the output it is starting.
public struct WriterContext: Sendable {
    /// True when the output collects many reports (bulk migration), false for a single report.
    public var isCollection: Bool
    /// True when the user asked for a UTF-8 byte-order mark, which Excel needs to read a CSV as UTF-8;
    /// text writers whose readers may need one honour it.
    public var byteOrderMark: Bool

    public init(isCollection: Bool, byteOrderMark: Bool = false) {
        self.isCollection = isCollection
        self.byteOrderMark = byteOrderMark
    }
}

extension ReportWriter {
    /// Writes `reports` as one output: ``begin(_:context:)``, each report in order, ``finish(_:)``.
    public mutating func writeAll(_ reports: [Report], to sink: OutputSink, context: WriterContext) throws {
        try begin(sink, context: context)
        for report in reports { try write(report, to: sink) }
        try finish(sink)
    }

    /// The bytes of `reports` written as one output in memory.
    public mutating func bytes(of reports: [Report], context: WriterContext) throws -> [UInt8] {
        let sink = OutputSink()
        try writeAll(reports, to: sink, context: context)
        try sink.close()
        return sink.contents
    }
}
