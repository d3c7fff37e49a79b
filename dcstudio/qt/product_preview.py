"""One product's ad large: the combination preview's dialog (placements, safe zones, Previous and
Next through the grid, a carousel's cards) over a ``ProductSpace``, with the product's facts at
the side instead of a combination's assets. Drawn on the dialog's worker: the space reads the
product and its image there."""
from __future__ import annotations

from html import escape

from dcstudio.core.catalog.product_space import ProductItem
from dcstudio.core.model.combinations import number_of
from dcstudio.core.values.placements import placement as placement_of
from dcstudio.qt.preview_dialog import LARGE_PX, CombinationPreviewDialog
from dcstudio.qt.workers import pil_to_qimage

__all__ = ["ProductItem", "ProductPreviewDialog"]
FACTS = (("retailer_id", "id"), ("name", "title"), ("price", "price"), ("sale price", "sale_price"),
         ("availability", "availability"), ("brand", "brand"), ("image_link", "image_link"))


def _render_product(space, item, placement, safe_zones, first_card=0):
    """On a worker: the mockup, how many cards it has, and the product's facts."""
    from dcstudio.core.render import draw_ad

    spec = placement_of(placement)
    size = int(LARGE_PX / spec.card_divisor)
    mockup = draw_ad(space.content(item, placement), space.sources, placement, size, safe_zones=safe_zones,
                     first_card=first_card)
    cards = len(mockup.boxes.get("cards", [])) if spec.shows_cards else 0
    return pil_to_qimage(mockup.image), cards, space.product(item.retailer_id), dict(mockup.problems)


class ProductPreviewDialog(CombinationPreviewDialog):
    def _show_combination(self, combination) -> None:
        super()._show_combination(combination)
        self.setWindowTitle(f"Product #{number_of(combination)}: {combination.retailer_id}")
        self.previous_button.setToolTip("The previous product of the grid (Page Up)")
        self.next_button.setToolTip("The next product of the grid (Page Down)")

    def _show_scrubber(self) -> None:
        pass  # a product's picture is an image

    def _describe(self) -> str:
        return "<p><span style='color:#6b7280'>product</span><br>" + escape(self.combination.retailer_id) + "</p>"

    def render(self) -> None:
        if self.space is None:
            self.image.setText("Open this product from the grid")
            return
        placement = self.placement.currentData()
        zoned = placement_of(placement).safe_zones is not None
        self.safe_zones.setEnabled(zoned)
        self._request += 1
        request = self._request
        self.rendered = False
        self._worker.submit(_render_product, lambda result, error: self._show_product(request, result, error),
                            self.space, self.combination, placement, self.safe_zones.isChecked() and zoned,
                            self.first_card)

    def _show_product(self, request: int, result, error) -> None:
        if request == self._request and error is None:
            image, cards, product, problems = result
            rows = [f"<p><span style='color:#6b7280'>{label}</span><br>{escape(str(product.get(column) or '—'))}</p>"
                    for label, column in FACTS]
            rows += [f"<p style='color:#b91c1c'>{escape(problem)}</p>" for problem in problems.values()]
            self.parts.setText("".join(rows))
            result = image, cards
        self._show(request, result, error)
