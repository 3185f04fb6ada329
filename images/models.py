"""The image library, and the lead image that content types attach with per-use alt text."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from publishing.models import who
from publishing.roles import ALL, AUTHOR, EDITOR, OWN_WORK

from . import processing


class Image(models.Model):
    """An image in the library: uploaded once, used in many places.

    Alt text is not stored here: it belongs to each use, because the same photo says
    different things in different places.
    """

    title = models.CharField(
        _("title"), max_length=200, help_text=_("For finding the image in the library.")
    )
    file = models.FileField(
        _("file"),
        upload_to="images/%Y/%m/",
        max_length=255,
        validators=[processing.validate_upload],
        help_text=_(
            "JPEG, PNG, WebP or GIF. Location data and other metadata are removed on upload."
        ),
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("Photographer or source.")
    )
    # The file is stored under a neutral name (see processing.prepare_upload); the name it
    # had when uploaded is kept here for editors only, never in an address.
    original_name = models.CharField(
        _("uploaded file name"), max_length=255, blank=True, default="", editable=False
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0 is the left edge, 100 the right edge."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0 is the top edge, 100 the bottom edge."),
    )
    renditions = models.JSONField(_("renditions"), default=dict, editable=False, blank=True)
    # Renditions cut to an aspect ratio around the focal point: see processing.crop_box().
    crops = models.JSONField(_("cropped renditions"), default=dict, editable=False, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = who(_("uploaded by"))

    role_permissions = {AUTHOR: OWN_WORK, EDITOR: ALL}

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__lte=100, focal_y__lte=100),
                name="image_focal_point_in_frame",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # Derive the stored file: validated by its bytes, upright, without metadata.
            self.original_name = processing.original_name(self.file)
            prepared = processing.prepare_upload(self.file)
            self.file = prepared.file
            self.width, self.height = prepared.width, prepared.height
            self.replaced_files = processing.rendition_files(self.renditions, self.crops)
            self.renditions, self.crops = {}, {}
        elif getattr(self, "_stored_focal_point", self.focal_point) != self.focal_point:
            # The crops were cut around the old focal point: they are made again (under
            # new names, so no page or browser keeps showing an old crop).
            kept = set(processing.rendition_files(self.renditions, {}))
            stale = processing.rendition_files({}, self.crops)
            self.replaced_files = [name for name in stale if name not in kept]
            self.crops = {}
        super().save(*args, **kwargs)
        self._stored_focal_point = self.focal_point

    def get_absolute_url(self):
        return self.file.url

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "focal_x" in field_names and "focal_y" in field_names:  # not deferred
            instance._stored_focal_point = instance.focal_point
        return instance

    @property
    def focal_point(self):
        """(x, y) in percent of the width and height: the part every crop keeps."""
        return (self.focal_x, self.focal_y)

    @property
    def aspect_ratio(self):
        return self.width / self.height if self.height else 1


# What `picture()` (images.templatetags.images) reads of an image: the columns a list reads
# with its rows when it shows their lead images, and nothing more.
PICTURE_COLUMNS = ("file", "width", "height", "renditions", "crops")
LEAD_PICTURE_FIELDS = tuple(f"lead_image__{column}" for column in PICTURE_COLUMNS)


class LeadImage(models.Model):
    """A lead image chosen from the library, with what this use of it says."""

    lead_image = models.ForeignKey(
        Image,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    lead_image_decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick if the image adds nothing to the text; it then gets no alt text."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the credit stored with the image."),
    )

    LEAD_IMAGE_FIELDS = [
        "lead_image",
        "lead_image_alt",
        "lead_image_decorative",
        "lead_image_caption",
        "lead_image_credit",
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (
            self.lead_image_id
            and not self.lead_image_alt.strip()
            and not self.lead_image_decorative
        ):
            raise ValidationError(
                {
                    "lead_image_alt": _(
                        "Describe the lead image for people who cannot see it, "
                        "or tick “decorative”."
                    )
                }
            )

    @property
    def image_credit(self):
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    @property
    def image_alt(self):
        return "" if self.lead_image_decorative else self.lead_image_alt
