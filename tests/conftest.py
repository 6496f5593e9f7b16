import pytest


@pytest.fixture
def seeded(db):
    """The seed documents loaded, as `make run` loads them."""
    from agreements.seeding import load_seeds

    return load_seeds()
