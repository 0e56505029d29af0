# Replaced wording of a report section, for one step of undo (issue 15)

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_text_limits'),
        ('unions', '0011_plausible_dates_and_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReplacedSectionText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('section', models.CharField(max_length=30, verbose_name='章节')),
                ('generated', models.BooleanField(default=False, help_text='被替换的是系统根据数据生成的文字（没有保存的改写）。', verbose_name='系统生成的文字')),
                ('text', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000)], verbose_name='被替换的文字')),
                ('replaced_at', models.DateTimeField(auto_now=True, verbose_name='替换时间')),
                ('replaced_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='替换人')),
                ('township', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replaced_report_sections', to='unions.township', verbose_name='乡镇（街道）')),
            ],
            options={
                'verbose_name': '汇报材料章节的上一版本',
                'verbose_name_plural': '汇报材料章节的上一版本',
                'constraints': [models.UniqueConstraint(fields=('township', 'year', 'section'), name='replaced_section_unique_per_year')],
            },
        ),
    ]
