"""The site administrator starts a county: `manage.py create_county 新郑市总工会 --admin zhangwei`
creates the county 新郑市 (federation 新郑市总工会) and its first admin, and prints the admin's
one-time password, once. The admin then creates the county's townships and accounts in the app.

For a county that exists already it only creates the admin (a second one, or a new one after the
last has left)."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from onboarding import services
from unions.models import County, UserRole

FEDERATION = "总工会"


class Command(BaseCommand):
    help = "新建县（市、区）及其第一个县总工会管理员账号，并显示该账号的一次性密码（只显示这一次）。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="县（市、区）名称，或县总工会名称，如：新郑市 或 新郑市总工会")
        parser.add_argument("--admin", required=True, metavar="USERNAME", help="管理员的用户名，如：zhangwei")
        parser.add_argument("--admin-name", default="", metavar="姓名", help="管理员的姓名（默认：县总工会管理员）")
        parser.add_argument("--phone", default="", help="管理员的联系电话")
        parser.add_argument("--city", default="", help="所属市")
        parser.add_argument("--province", default="", help="所属省")

    def handle(self, *args, name, admin, admin_name, phone, city, province, **options):
        name = name.strip()
        county_name = name.removesuffix(FEDERATION) or name
        federation = f"{county_name}{FEDERATION}"
        try:
            with transaction.atomic():
                county = County.objects.filter(name=county_name).first()
                created = county is None
                if created:
                    county = services.county_create(name=county_name, federation_name=federation, city=city, province=province)
                issued = services.account_create(county=county, username=admin, full_name=admin_name or "县总工会管理员",
                                                 role=UserRole.Role.COUNTY_ADMIN, phone=phone)
        except ValidationError as error:
            raise CommandError("；".join(f"{message}" for messages in error.message_dict.values() for message in messages)) from None
        self.stdout.write(f"{'已新建' if created else '已有'}县（市、区）：{county.name}（{county.federation_name}）")
        self.stdout.write(f"管理员账号：{issued.account.username}")
        self.stdout.write(f"一次性密码：{issued.password}")
        self.stdout.write("此密码只显示这一次：请告知管理员本人，首次登录后须立即修改密码。")
