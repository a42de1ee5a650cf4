"""Maps composed by tourism promoters and published to the public: composer, public pages,
sharing (embed, QR, Open Graph), and exports (self-contained HTML, print PNG/PDF)."""
