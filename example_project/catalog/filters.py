"""Product filters shared by the public catalog and the back office."""

import django_filters

from catalog.models import Category, Product


class ProductFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), help_text="Category id.")
    status = django_filters.ChoiceFilter(choices=Product.Status.choices)
    condition = django_filters.ChoiceFilter(choices=Product.Condition.choices)
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte", help_text="Lowest price, inclusive.")
    max_price = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", help_text="Highest price, inclusive."
    )

    class Meta:
        model = Product
        fields = ["category", "status", "condition", "min_price", "max_price"]
