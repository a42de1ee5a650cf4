from tests.layers.zone_fixtures import administrator, user_for  # noqa: F401  (fixtures)
from tests.maps.published.published_fixtures import (  # noqa: F401  (fixtures)
    other_promoter,
    promoter,
    published_data,
    published_map,
)
