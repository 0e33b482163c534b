from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VehiclesConfig(AppConfig):
    name = "balai.vehicles"
    label = "vehicles"
    verbose_name = _("Kendaraan bermotor (PKB)")

    def ready(self) -> None:
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter
        from balai.payments.registry import register_on_paid, register_on_reversed

        from . import selectors
        from .demo import seed_demo_vehicles
        from .services import BILL_KIND, vehicle_tax_on_paid, vehicle_tax_on_reversed

        register_on_paid(BILL_KIND, vehicle_tax_on_paid)
        register_on_reversed(BILL_KIND, vehicle_tax_on_reversed)
        # After accounts (the demo citizen) and payments (beneficiary accounts, order 50).
        register_demo_seeder("vehicles", seed_demo_vehicles, order=60)
        register_exporter("vehicles", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope(selectors.ETBPKP_SUBJECT, selectors.staff_may_read_etbpkp)
