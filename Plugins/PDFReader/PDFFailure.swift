import GIConvertCore
import GIConvertPDF

extension InputError {
    /// What a failure of the poppler wrapper means to the user: the one place a ``PDFError`` becomes an
    /// ``InputError``.
    init(_ failure: PDFError) {
        switch failure {
        case .empty: self = .empty
        case .encrypted: self = .encrypted
        case .notReadable(let why): self = .malformed(why)
        case .tooLarge(let why): self = .tooLarge(why)
        case .outOfMemory: self = .unreadable("out of memory")
        case .libraryUnavailable: self = .unreadable(failure.description)
        }
    }
}

extension PDFReader {
    /// poppler's messages go to ``LibraryMessages``, which shows them on standard error, one line
    /// each, when the run asks for library messages (`--verbose`).
    static let popplerMessagesRouted: Bool = {
        PDFDocument.routeLibraryMessages { LibraryMessages.report("poppler", $0) }
        return true
    }()
}
