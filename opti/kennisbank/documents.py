"""Documents editors upload (publications): recognised by their content, never by their name."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_BYTES = 20 * 1024 * 1024


class Kind:
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    ODT = "odt"
    CHOICES = [(PDF, "PDF"), (DOCX, "Word (DOCX)"), (XLSX, "Excel (XLSX)"), (ODT, "OpenDocument-tekst (ODT)")]


# Office Open XML documents say what they are in [Content_Types].xml: the content type of their main part.
OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": Kind.DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": Kind.XLSX,
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_MANIFEST_BYTES = 1024 * 1024  # what is read from inside an archive, however well it compresses
NOT_A_DOCUMENT = (
    "Dit bestand is geen PDF-, Word- (DOCX), Excel- (XLSX) of OpenDocument-tekstbestand (ODT), wat de naam ook "
    "zegt. Bewaar het in een van die vormen en kies het opnieuw."
)


def document_kind(file):
    """The kind of document `file` holds, read from its content; None when it is none of the accepted kinds."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
            readable = {name for name, size in sizes.items() if size < MAX_MANIFEST_BYTES}
            if "mimetype" in readable and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return Kind.ODT
            if "[Content_Types].xml" in readable:
                types = archive.read("[Content_Types].xml")
                return next((kind for part, kind in OOXML_MAIN_PARTS.items() if part in types), None)
    except Exception:  # a broken or unusual archive (bad data, an unknown compression): not a document we accept
        return None
    finally:
        file.seek(0)
    return None


def validate_document(file):
    """A PDF, DOCX, XLSX or ODT of at most 20 MB, judged by its content; a file already stored was checked then."""
    if getattr(file, "_committed", False):
        return
    if file.size > MAX_BYTES:
        raise ValidationError(
            "Dit bestand is %(size)s groot; een publicatie mag hoogstens 20 MB groot zijn. Verklein het bestand "
            "(bijvoorbeeld met kleinere afbeeldingen) en kies het opnieuw.",
            code="too_large",
            params={"size": filesizeformat(file.size)},
        )
    if document_kind(file) is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
