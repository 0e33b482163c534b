def seed_demo_family(accounts):
    return []
