from tests.layers.site_fixtures import make_product, media, site, site_unit  # noqa: F401  (fixtures)
from tests.layers.zone_fixtures import administrator, user_for  # noqa: F401  (fixtures)
