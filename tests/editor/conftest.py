from tests.layers.site_fixtures import make_product, media, site, site_unit  # noqa: F401  (fixtures)
from tests.layers.zone_fixtures import (  # noqa: F401  (fixtures)
    administrator,
    approver,
    commune_a,
    commune_b,
    draft_a,
    origin,
    square,
    staff_a,
    staff_b,
    user_for,
)
