"""SOP Pembuatan Etalase Katalog Elektronik Lokal (Kab. Mojokerto, 2022).

Source: /work/shared/seeds/001_8e8edbd5614a6da5.txt. The Pelaksana marks were lost in the
conversion; actors inferred (see NOTES).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, approve_correct, text

OPD = "Kepala OPD"
UKPBJ = "Kepala UKPBJ"
LPSE = "Sub Koordinator Pengelolaan LPSE"

SOP = Sop(
    process_id="etalase_katalog_lokal",
    title="Pembuatan Etalase Katalog Elektronik Lokal",
    pool="Bagian Pengadaan Barang dan Jasa Setda Kabupaten Mojokerto",
    source="001_8e8edbd5614a6da5.txt",
    documentation="""\
SOP Pembuatan Etalase Katalog Elektronik Lokal.
Nomor SOP: 061/ 1416-023/2022. Pemerintah Kabupaten Mojokerto, Sekretariat Daerah, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 9 November 2022; tanggal efektif: 14 Desember 2022. Disahkan oleh Sekretaris Daerah Kabupaten Mojokerto.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah beserta perubahannya; PP 80/2019 tentang Perdagangan Melalui Sistem Elektronik; Peraturan LKPP 9/2021 tentang Toko Daring dan Katalog Elektronik; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP AP; Keputusan Kepala LKPP 122/2022 tentang Tata Cara Penyelenggaraan Katalog Elektronik; Perbup Mojokerto 69/2019 tentang SOTK Sekretariat Daerah.""",
    lanes=[OPD, UKPBJ, LPSE],
    parties={UKPBJ: "cross-unit", LPSE: "cross-unit"},
    start_name="Usulan pembuatan etalase",
    nodes=[
        Step("1", "Mengusulkan pembuatan etalase", OPD,
             kelengkapan=["Surat dinas usulan etalase"], waktu="-",
             outputs=["Surat dinas usulan etalase diterima Biro PBJ"],
             attachments=["Surat dinas usulan etalase"],
             fields=[text("proposed_etalase", "Nama etalase yang diusulkan")]),
        Step("2", "Mendisposisikan pembuatan etalase", UKPBJ,
             kelengkapan=["Surat dinas usulan etalase diterima Biro PBJ"],
             waktu="1 Jam", duration="PT1H", outputs=["Disposisi penugasan"]),
        Step("3", "Menerima disposisi pembuatan etalase", LPSE,
             kelengkapan=["Disposisi penugasan"], waktu="1 Jam", duration="PT1H",
             outputs=["Disposisi penugasan"], attachments=[]),
        Step("4", "Mengkaji dan membuat penelaahan serta pengumuman pendaftaran", LPSE,
             kelengkapan=["Disposisi penugasan"], waktu="1 hari", duration="P1D",
             outputs=["Telaah", "Pengumuman Pendaftaran"]),
        Step("5", "Memberikan persetujuan atau koreksi", UKPBJ,
             doc="Melakukan tindakan: a. Memberikan persetujuan; b. Memberikan koreksi "
                 "(telaah dan pengumuman pendaftaran dikembalikan ke langkah 4).",
             kelengkapan=["Telaah", "Pengumuman Pendaftaran"], waktu="1 Jam", duration="PT1H",
             outputs=["Persetujuan/koreksi Telaah", "Persetujuan/koreksi Pengumuman Pendaftaran"],
             fields=[approve_correct()]),
        Decision("gw_05", "Telaah dan pengumuman disetujui?", [
            Branch("Setuju", 'review_decision == "approve"', "step_06"),
            Branch("Koreksi", 'review_decision == "correct"', "step_04"),
        ]),
        Step("6", "Membuat etalase dan mengunggah pengumuman pendaftaran pada Aplikasi "
                  "Katalog Elektronik LKPP", LPSE,
             kelengkapan=["Persetujuan Telaah", "Persetujuan Pengumuman Pendaftaran"],
             waktu="1 Jam", duration="PT1H",
             outputs=["Etalase tayang beserta pengumuman pendaftarannya"],
             fields=[text("etalase_link", "Tautan etalase pada Katalog Elektronik",
                          required=False)]),
        Step("7", "Membuat surat pemberitahuan kepada Perangkat Daerah tentang ketersediaan "
                  "etalase dan dukungan penayangan produk", LPSE,
             kelengkapan=["Penayangan etalase"], waktu="30 menit", duration="PT30M",
             outputs=["Draf surat pemberitahuan"]),
        Step("8", "Memberikan persetujuan atau koreksi surat pemberitahuan", UKPBJ,
             doc="Melakukan tindakan: a. Memberikan persetujuan; b. Memberikan koreksi "
                 "(draf surat pemberitahuan dikembalikan ke langkah 7).",
             kelengkapan=["Draf surat pemberitahuan"], waktu="30 menit", duration="PT30M",
             outputs=["Persetujuan surat pemberitahuan"],
             fields=[approve_correct()]),
        Decision("gw_08", "Surat pemberitahuan disetujui?", [
            Branch("Setuju", 'review_decision == "approve"', "step_09"),
            Branch("Koreksi", 'review_decision == "correct"', "step_07"),
        ]),
        Step("9", "Menyampaikan surat pemberitahuan", LPSE,
             kelengkapan=["Persetujuan surat pemberitahuan"], waktu="10 menit",
             duration="PT10M", outputs=["Surat terkirim"],
             attachments=["Surat pemberitahuan terkirim"]),
        End("end", "Surat pemberitahuan terkirim"),
    ],
    notes=[
        'Pihak: kasus dimulai Kepala OPD di perangkatnya sendiri (unit kasus = unit pemulai); Kepala UKPBJ dan Sub Koordinator Pengelolaan LPSE melayani semua OPD dari Bagian PBJ, maka lajurnya lintas unit (cross-unit).',
        "Pelaksana tidak terbaca (simbol flowchart hilang); disimpulkan: 1 Kepala OPD mengusulkan; "
        "2 Kepala UKPBJ mendisposisikan; 3-4 Sub Koordinator Pengelolaan LPSE; 5 Kepala UKPBJ "
        "menyetujui/mengoreksi; 6-7 Sub Koordinator; 8 Kepala UKPBJ; 9 Sub Koordinator menyampaikan.",
        "Langkah 1 berwaktu '-': tanpa timer.",
        "Koreksi pada langkah 5 kembali ke langkah 4 (yang membuat telaah dan pengumuman); "
        "koreksi pada langkah 8 kembali ke langkah 7 (yang membuat draf surat).",
        "Keluaran langkah 1 'Surat dinas usulan etalase diterima Biro PBJ' adalah tanda terima; "
        "lampiran formulir langkah 1 adalah surat dinas usulan itu sendiri.",
    ],
)
