"""The numbers and value lists of the catalog lint, per profile, in one table.

Meta: "Reference - Catalog" (developers.facebook.com/docs/marketing-api/catalog/reference) and
the SDK's ProductItem enums (a test compares them with facebook_business). Google: Merchant
Center's product data specification (support.google.com/merchants/answer/7052112).
"""
from __future__ import annotations

from dataclasses import dataclass

from dcstudio.core.catalog.image_cache import META_IMAGE_MIN_SIDE
from dcstudio.core.catalog.tracking import GOOGLE_TRACKING  # noqa: F401  (its home is the catalog floor)
from dcstudio.core.model.catalog_spec import CATALOG_PROFILES

META_CATALOG, GOOGLE_MERCHANT = CATALOG_PROFILES


@dataclass(frozen=True)
class CatalogLimits:
    name: str  # the platform, as messages say it
    required: tuple[str, ...]
    lengths: dict[str, int]  # column -> the most characters
    title_recommended: int | None
    # column -> (documented values, values only the SDK knows)
    enums: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    additional_images: int
    image_min_side: int
    image_max_bytes: int
    image_formats: tuple[str, ...]  # Pillow's format names
    shipping_extra_fields: int  # Merchant Center's handling and transit times after the price


_META_CUSTOM_LABELS = {f"custom_label_{i}": 100 for i in range(5)}

LIMITS: dict[str, CatalogLimits] = {
    META_CATALOG: CatalogLimits(
        name="Meta",
        required=("id", "title", "description", "availability", "condition", "price", "link", "image_link",
                  "brand"),
        lengths={"id": 100, "title": 200, "description": 9999, "brand": 100, **_META_CUSTOM_LABELS,
                 "product_type": 750, "item_group_id": 100, "color": 200, "size": 200, "mpn": 100},
        title_recommended=65,
        enums={
            "availability": (("in stock", "out of stock"),
                             ("available for order", "preorder", "discontinued", "pending", "mark_as_sold",
                              "mark_as_expired")),
            "condition": (("new", "refurbished", "used"),
                          ("cpo", "open_box_new", "used_like_new", "used_good", "used_fair")),
            "gender": (("female", "male", "unisex"), ()),
            "age_group": (("adult", "all ages", "teen", "kids", "toddler", "infant", "newborn"), ()),
            # status replaced visibility, whose SDK values (ProductItem.Visibility) are published/staging
            "status": (("active", "archived"), ("published", "staging")),
        },
        additional_images=20,
        image_min_side=META_IMAGE_MIN_SIDE,
        image_max_bytes=8 * 1024 * 1024,
        image_formats=("JPEG", "PNG"),
        shipping_extra_fields=0,
    ),
    GOOGLE_MERCHANT: CatalogLimits(
        name="Merchant Center",
        required=("id", "title", "description", "link", "image_link", "availability", "price", "brand"),
        lengths={"id": 50, "title": 150, "description": 5000, "brand": 70, "product_type": 750},
        title_recommended=None,
        enums={
            "availability": (("in_stock", "out_of_stock", "preorder", "backorder"), ()),
            "condition": (("new", "refurbished", "used"), ()),
            "gender": (("male", "female", "unisex"), ()),
            "age_group": (("newborn", "infant", "toddler", "kids", "adult"), ()),
        },
        additional_images=10,
        image_min_side=100,
        image_max_bytes=16 * 1024 * 1024,
        image_formats=("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"),
        shipping_extra_fields=4,
    ),
}

# Merchant Center: these availabilities need an availability_date.
DATED_AVAILABILITY = ("preorder", "backorder")


# ISO 4217 active codes (with the funds codes some feeds use), as of 2025.
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN
NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL
SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split())


def catalog_limits(profile: str) -> CatalogLimits:
    return LIMITS[profile]
