import GIConvertCore
import GIConvertZip

extension OutputError {
    /// What a failure of the libzip writer means to the user: the one place a ``ZipWriterError``
    /// becomes an ``OutputError``.
    init(_ failure: ZipWriterError) {
        self = .writeFailed(reason: failure.description)
    }
}
