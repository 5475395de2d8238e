import GIConvertCore

extension ReportReader {
    /// The document a reader makes of `input`, for tests of one document reader; a reader that gives
    /// reports instead fails the test with an error naming it.
    public static func readDocument(_ input: ReaderInput) throws(InputError) -> Document {
        switch try read(input) {
        case .document(let document): return document
        case .reports: throw .unknownFormat("\(descriptor.name) read reports, not a document")
        }
    }

    /// The reports a reader of giconvert's IR makes of `input`; a document reader fails the test with an
    /// error naming it.
    public static func readReports(_ input: ReaderInput) throws(InputError) -> [Report] {
        switch try read(input) {
        case .reports(let reports): return reports
        case .document: throw .unknownFormat("\(descriptor.name) read a document, not reports")
        }
    }
}
