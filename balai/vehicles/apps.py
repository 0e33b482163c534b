from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VehiclesConfig(AppConfig):
    name = "balai.vehicles"
    label = "vehicles"
    verbose_name = _("Kendaraan bermotor (PKB)")

    def ready(self) -> None:
        _register_shell()
        from balai.documents.registry import register_doc_type

        register_doc_type("e_tbpkp", _("e-TBPKP (Tanda Bukti Pelunasan Kewajiban Pembayaran)"), "TBPKP")
        from balai.core.demo import register_demo_seeder
        from balai.core.personal_data import register_exporter
        from balai.payments.registry import register_on_paid, register_on_reversed

        from . import selectors
        from .demo import seed_demo_vehicles
        from .lines import register_tax_heads
        from .services import BILL_KIND, vehicle_tax_on_paid, vehicle_tax_on_reversed

        register_tax_heads()  # payments names no tax head itself
        from . import notices  # noqa: F401 - this app's notification events and reminder source
        register_on_paid(BILL_KIND, vehicle_tax_on_paid)
        register_on_reversed(BILL_KIND, vehicle_tax_on_reversed)
        from . import transfer, transfer_handler

        register_on_paid(transfer.BILL_KIND, transfer.transfer_on_paid)
        transfer_handler.register()  # ownership transfer and new vehicles on the case engine
        from . import cek_fisik

        cek_fisik.register()  # the Samsat's physical check, booked through appointments
        # After accounts (the demo citizen) and payments (beneficiary accounts, order 50).
        register_demo_seeder("vehicles", seed_demo_vehicles, order=60)
        register_exporter("vehicles", selectors.personal_data)  # UU PDP right of access
        from balai.documents.selectors import register_staff_scope

        register_staff_scope(selectors.ETBPKP_SUBJECT, selectors.staff_may_read_etbpkp)
        from balai.documents.links import register_link_subjects

        from .payer_links import etbpkp_subjects

        register_link_subjects("payment", etbpkp_subjects)  # the payer's e-TBPKP by signed link


def _is_samsat_officer(user) -> bool:
    """An officer of a Samsat office (UPT PPD Bapenda): lands on the vehicle desk."""
    from balai.cases.models import UNIT_NAME_PREFIX, UnitType

    staff = getattr(user, "staff", None)
    return staff is not None and staff.unit.startswith(UNIT_NAME_PREFIX[UnitType.BAPENDA])


def _register_shell() -> None:
    """What vehicle tax adds to the site shell (balai.core.shell)."""
    from balai.core import shell

    samsat = {shell.OFFICER, shell.SUPERVISOR, shell.ADMIN}
    shell.register_menu("vehicles:find", _("Pajak kendaraan"), roles={shell.ANONYMOUS}, order=30)
    shell.register_menu("vehicles:mine", _("Kendaraan saya"), roles={shell.CITIZEN}, order=50,
                        when=shell.has_citizen_profile)
    shell.register_home_card("vehicles:find", _("Pajak Kendaraan (PKB)"),
                             _("Cek rincian pajak tahunan dan bayar lewat bank, QRIS, atau di Samsat OPOP pesantren."),
                             order=40, keywords=("pajak", "kendaraan", "pkb", "motor", "mobil", "samsat", "stnk",
                                                 "bbnkb", "swdkllj", "e-tbpkp", "vehicle", "tax", "car",
                                                 "motorcycle", "road tax"))
    shell.register_public_page("vehicles:find", _("Cek pajak kendaraan"), order=50)
    shell.register_public_page("vehicles:simulator", _("Simulasi PKB"),
                               _("Hitung perkiraan pajak kendaraan dari tarif yang berlaku."), order=55,
                               keywords=("simulasi", "hitung", "perkiraan", "pajak", "pkb", "simulator",
                                         "calculator", "estimate", "tax"))
    shell.register_staff_tool("vehicles:staff_search", _("Samsat: cari kendaraan"),
                              _("Data kendaraan, tunggakan, dan pengesahan tahunan."), roles=samsat, order=50)
    shell.register_staff_tool("vehicles:staff_transfers", _("Samsat: balik nama dan cek fisik"),
                              _("Kendaraan baru dan balik nama: tagihan BBNKB dan cek fisik."), roles=samsat, order=51)
    shell.register_landing("vehicles:staff_search", roles={shell.OFFICER}, order=40, when=_is_samsat_officer)
