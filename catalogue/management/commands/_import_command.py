"""What the three import commands share: open the file, show progress, print the outcome."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from catalogue.imports import ImportFailed


class ImportCommand(BaseCommand):
    """A command that feeds one CSV file to an import function from catalogue.imports."""

    import_function = None  # set by each command, as a staticmethod

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="CSV file: UTF-8, comma-separated, column names in row 1"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the whole file and report what would change, without saving anything",
        )

    @no_translations
    def handle(self, *args, file, dry_run, **options):
        try:
            stream = file.open("rb")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        with stream:
            try:
                report = self.import_function(stream, dry_run=dry_run, progress=self.progress())
            except ImportFailed as failure:
                problems = "problem" if failure.count == 1 else "problems"
                raise CommandError(
                    f"{file} was not imported and nothing was changed; "
                    f"fix {failure.count} {problems} and run the import again:\n"
                    + "\n".join(failure.lines())
                ) from None
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def progress(self):
        """Report progress on a terminal only, so logs and cron mail stay quiet."""
        if not self.stderr.isatty():
            return None

        def show(rows):
            # Plain text: stderr's default style is the red of an error.
            self.stderr.write(f"{rows:,} rows read …", style_func=str)

        return show
