from django.contrib import admin

from catalog.models import Category, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "price", "status", "condition", "stock"]
    list_filter = ["status", "condition", "category"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ("name",)}
