"""Import and export buttons on the initiative change list (django-import-export's screens).

The upload is checked here (size, and what kind of file it really is, by its first bytes rather
than its name); the rows are judged by initiatives.imports through resources.py. Importing
needs the add and change permissions; publishing through an import also needs
`publish_initiative` (see InitiativeImport.may_publish).
"""

import datetime
import os
import zipfile

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import RowResult

from . import imports
from .resources import (
    FORMATS,
    MAX_UPLOAD_BYTES,
    CsvFormat,
    InitiativeResource,
    XlsxFormat,
    example_file,
)

# How a file starts tells what it is, whatever its name says.
ZIP = b"PK\x03\x04"  # XLSX is a zip archive
OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc)
UTF16 = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text"
# A workbook is compressed: a small upload can unpack to gigabytes (a "zip bomb"). Its text
# is read whole, so this also bounds a preview's memory and time; 20 MB holds well over the
# text of a 5 MB CSV file.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# How long a preview can be confirmed.
UPLOAD_MAX_AGE = datetime.timedelta(days=1)


def detect_format(upload):
    """The format class for the upload's content; ValidationError with the reason if none."""
    head = upload.read(64 * 1024)
    upload.seek(0)
    if head.startswith(ZIP):
        try:
            members = zipfile.ZipFile(upload).infolist()
        except zipfile.BadZipFile:
            members = []
        finally:
            upload.seek(0)
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise forms.ValidationError(
                _("This workbook is too large when unpacked. Split it into smaller files."),
                code="too_big",
            )
        if "xl/workbook.xml" in {member.filename for member in members}:
            return XlsxFormat
        raise forms.ValidationError(
            _("This is a zip file, but not an Excel workbook (.xlsx)."), code="not_xlsx"
        )
    if head.startswith(OLE):
        raise forms.ValidationError(
            _(
                "This is an old Excel file (.xls). Save it in Excel as “Excel workbook (.xlsx)” "
                "or as “CSV UTF-8”, and upload that."
            ),
            code="xls",
        )
    if head.startswith(UTF16):
        raise forms.ValidationError(
            _("This text is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8”."),
            code="utf16",
        )
    if b"\x00" in head:
        raise forms.ValidationError(
            _(
                "This is not a CSV or Excel file. Upload a CSV file (UTF-8) or an Excel "
                "workbook (.xlsx)."
            ),
            code="not_text",
        )
    return CsvFormat


class InitiativeImportForm(ImportForm):
    """The library's upload form, with the format found from the content instead of chosen."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = list(formats)
        self.fields["import_file"].label = _("CSV or Excel file")
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8, separated by commas or semicolons) or an Excel workbook "
            "(.xlsx), with the column names in the first row. At most 5 MB."
        )
        self.fields["import_file"].widget.attrs = {"accept": ".csv,.xlsx,text/csv"}
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()

    @property
    def media(self):
        return forms.Media()  # the library's script guesses the format from the name: not needed

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is %(size)s MB; the limit is %(max)s MB. Split it into "
                    "smaller files."
                ),
                code="too_big",
                params={
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "max": MAX_UPLOAD_BYTES // 1024 // 1024,
                },
            )
        self.detected_format = str(self.formats.index(detect_format(upload)))
        return upload

    def clean_format(self):
        # The file field comes first (the library's field_order), so its format is known here.
        return getattr(self, "detected_format", "")


# How far each column is required, as the import page says it.
NEEDS = {
    imports.VALUE: _("Yes, always fill it in"),
    imports.COLUMN: _("Only the column; its cells may stay empty"),
    imports.OPTIONAL: _("No"),
}


def import_guide():
    """What the import page says of the columns and their values, read from the import's own
    list of columns and values, so the page says what the import does."""
    values = imports.value_lists()
    places = (reverse("places:index"), _("all municipalities and their districts"))
    columns = [
        {
            "heading": column.heading,
            "name": column.name,
            "need": NEEDS[column.need],
            "explanation": column.explanation,
            "values": values[column.name].names if column.name in values else None,
            "link": places if column.name in ("municipality", "district") else None,
        }
        for column in imports.COLUMNS
    ]
    return {"import_columns": columns}


def upload_signer(user):
    """Signs the name of an upload waiting to be confirmed, for the one who uploaded it."""
    return signing.TimestampSigner(salt=f"initiatives.import.upload:{user.pk}")


class InitiativeConfirmImportForm(ConfirmImportForm):
    """The confirm step's hidden fields. The upload is named by a token signed for this user
    (the library would read any file of the temporary folder the browser names); a format or
    resource that is not ours is refused too, not a 500."""

    format = forms.TypedChoiceField(
        choices=[(str(i), str(i)) for i in range(len(FORMATS))], widget=forms.HiddenInput()
    )
    resource = forms.ChoiceField(  # one resource: InitiativeResource
        choices=[("0", "0")], required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.signer = upload_signer(user)

    def clean_import_file_name(self):
        try:
            return self.signer.unsign(self.cleaned_data["import_file_name"], max_age=UPLOAD_MAX_AGE)
        except signing.BadSignature:  # also when expired
            raise forms.ValidationError(
                _("This upload is not yours, was changed or has expired. Upload the file again."),
                code="bad_token",
            ) from None


class InitiativeImportExportMixin(ImportExportMixin):
    """Import (upload, preview, confirm) and export of the filtered change list."""

    resource_classes = [InitiativeResource]
    import_form_class = InitiativeImportForm
    confirm_form_class = InitiativeConfirmImportForm
    export_form_class = ExportForm  # every column, always: an export must import again
    import_template_name = "admin/initiatives/initiative/import.html"
    skip_admin_log = False

    def get_urls(self):
        example = path(
            "import/voorbeeld.<str:extension>",
            self.admin_site.admin_view(self.example_file),
            name="initiatives_initiative_import_example",
        )
        return [example, *super().get_urls()]

    def example_file(self, request, extension):
        """An example file to start from, made from the import's own columns and values."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        file_format = next((f for f in FORMATS if f().get_extension() == extension), None)
        if file_format is None:
            raise Http404
        response = HttpResponse(
            example_file(file_format), content_type=file_format().get_content_type()
        )
        response["Content-Disposition"] = (
            f'attachment; filename="voorbeeld-initiatieven.{extension}"'
        )
        return response

    def get_import_context_data(self, **kwargs):
        return super().get_import_context_data(**kwargs) | import_guide()

    def get_confirm_form_kwargs(self, request, import_form=None):
        return super().get_confirm_form_kwargs(request, import_form) | {"user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            # The storage's name is a full path; the page gets neither the path nor the power
            # to name another file.
            name = os.path.basename(initial["import_file_name"])
            initial["import_file_name"] = upload_signer(request.user).sign(name)
        return initial

    def get_import_formats(self):
        return list(FORMATS)

    def get_export_formats(self):
        return list(FORMATS)

    def has_import_permission(self, request):
        return request.user.has_perms(
            ["initiatives.add_initiative", "initiatives.change_initiative"]
        )

    def has_export_permission(self, request):
        # The admin's own rule for seeing the list: the export holds no more than it shows.
        return self.has_view_permission(request)

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A hand-made filter address: back to the list, which says so, as the admin does.
            changelist = reverse("admin:initiatives_initiative_changelist")
            return HttpResponseRedirect(f"{changelist}?e=1")

    def get_export_filename(self, request, queryset, file_format):
        return f"initiatieven-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = response.context_data.get("result")
        if result is not None and result.has_validation_errors():
            # No confirm is offered, so nobody comes back for the upload: do not keep it.
            upload = response.context_data["form"].cleaned_data["import_file"]
            self.get_tmp_storage_class()(name=upload.tmp_storage_name).remove()
        return response

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # Confirmed twice (a double click, the back button), or the upload expired.
            messages.error(
                request,
                gettext("This upload was already imported or has expired. Upload the file again."),
            )
            return HttpResponseRedirect(reverse("admin:initiatives_initiative_import"))

    def process_result(self, result, request):
        """After confirming: done, or (if the data changed since the preview) the problems."""
        if result.has_validation_errors():
            context = self.admin_site.each_context(request)
            context.update(
                title=gettext("Import"),
                opts=self.model._meta,
                result=result,
                form=self.get_import_form_class(request)(
                    self.get_import_formats(), self.get_import_resource_classes(request)
                ),
                fields_list=[],
                import_error_display=self.import_error_display,
                **import_guide(),
            )
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        messages.success(request, result.report.summary())

    def generate_log_entries(self, result, request):
        """Log each created or changed initiative in the admin's history, as a form save would."""
        for import_type, flag, message in (
            (RowResult.IMPORT_TYPE_NEW, ADDITION, gettext("Added by an import.")),
            (RowResult.IMPORT_TYPE_UPDATE, CHANGE, gettext("Changed by an import.")),
        ):
            instances = [row.instance for row in result.rows if row.import_type == import_type]
            if instances:
                LogEntry.objects.log_actions(request.user.pk, instances, flag, message)
