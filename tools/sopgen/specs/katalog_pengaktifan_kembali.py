"""SOP Pengaktifan Kembali dan/atau Pencantuman Kembali Produk pada Katalog Elektronik Lokal
(BPPBJ Provinsi DKI Jakarta, Keputusan Kepala BPPBJ Nomor 279 Tahun 2023).

Source: /work/shared/seeds/000_e95e86aff1e0cb6d.txt (19 numbered steps). The flowchart symbols
were lost, but the table's ENTITAS column names the actor of every step; the Mutu Baku cells
of steps 1-2 are shifted. See NOTES for the judgement calls.
"""
from tools.sopgen.model import (Sop, Step, Decision, Branch, End, Field, Parallel, TimerEvent,
                                choice, date, datetime, text)

PENYEDIA = "Penyedia"
LKPP = "LKPP"
SKPD = "SKPD / Pokja UPPBJ / LPSE / Instansi Lain"
KEPALA = "Kepala BPPBJ"
KABID = "Kabid PP & Kasubbid PSP"
TIM = "Tim Monev Katalog"

PRODUK = "pengaktifan kembali dan/atau pencantuman kembali produk"

ATAS_NAMA_PENYEDIA = (
    "Penyedia tidak diasumsikan memakai Alur sendiri: bila usulan masuk melalui aplikasi "
    "katalog elektronik atau surat, langkah ini dicatat oleh petugas Tim Monev Katalog atas "
    "nama Penyedia (alur:proxy pada lajur Penyedia), atau oleh penyedia sendiri bila instansi "
    "memberinya akun.")
ATAS_NAMA_LKPP = (
    "LKPP tidak memakai Alur: surat balasan LKPP dicatat oleh petugas (sekretariat Kepala "
    "BPPBJ atau Tim Monev Katalog) atas nama LKPP.")
ATAS_NAMA_PENERIMA = (
    "Penerima surat adalah pelapor asal. SKPD, Pokja UPPBJ dan LPSE mencatat penerimaan "
    "sendiri; penerimaan oleh Penyedia, LKPP atau Instansi Lain dicatat oleh petugas Tim "
    "Monev Katalog atas nama penerima (bukti kirim/terima surat).")

RECIPIENTS = ["Penyedia", "LKPP", "LPSE", "SKPD", "Pokja UPPBJ", "Instansi Lain"]


def recipients() -> Field:
    return Field("recipients", "Penerima surat (pelapor asal)", type="array",
                 items_enum=RECIPIENTS, widget="checkboxes", required=False)

def uraian(text: str, extra: str = "") -> str:
    """The activity as the SOP writes it (task names are shortened), then notes."""
    return f"Uraian SOP: {text}" + (f" {extra}" if extra else "")


NOTULEN = "Notulen Rapat / catatan pemantauan / pengecekan pada sistem admin e-katalog lokal"
NOTULEN_KOORDINASI = "Notulen rapat koordinasi, daftar hadir dan dokumentasi kegiatan"
STEP_14_URAIAN = (
    "Tim Monev Katalog menyusun Nota Dinas laporan pengaktifan kembali dan/atau pencantuman "
    "kembali produk katalog sesuai data dukung, tanggapan/rekomendasi dari LKPP (apabila ada) "
    "dan hasil rapat pembahasan (apabila ada), dan menyampaikan rekomendasi pengaktifan "
    "kembali dan/atau pencantuman kembali produk katalog kepada Kepala BPPBJ beserta "
    "rekomendasi tindak lanjutnya.")


def recommendation() -> Field:
    return text("recommendation", "Rekomendasi pengaktifan kembali dan/atau pencantuman "
                                  "kembali produk dan tindak lanjutnya", long=True)

SURAT_TUGAS = "Surat Tugas Tim Monitoring dan Evaluasi Katalog Elektronik Lokal"
DRAFT_JAWABAN = "Draft surat jawaban kepada SKPD / Penyedia / Pokja UPPBJ / Instansi lain"
SURAT_JAWABAN = ("Surat jawaban kepada SKPD / Penyedia / Pokja UPPBJ / LPSE / Instansi lain "
                 "yang ditandatangani Kepala BPPBJ")
DRAFT_ND = ("Draft Nota Dinas Laporan pengaktifan kembali dan/atau pencantuman kembali produk "
            "katalog")
DRAFT_ND_BULANAN = ("Draft Nota Dinas Laporan Monev Katalog Bulanan dari Kepala BPPBJ ke "
                    "Sekretaris Daerah")

SOP = Sop(
    process_id="katalog_pengaktifan_kembali",
    title="Pengaktifan Kembali dan/atau Pencantuman Kembali Produk pada Katalog Elektronik Lokal",
    pool="Badan Pelayanan Pengadaan Barang/Jasa Provinsi DKI Jakarta",
    source="000_e95e86aff1e0cb6d.txt",
    documentation="""\
SOP Pengaktifan Kembali dan/atau Pencantuman Kembali Produk pada Katalog Elektronik Lokal Badan Pelayanan Pengadaan Barang/Jasa.
Nomor SOP: 279 Tahun 2023 (Keputusan Kepala Badan Pelayanan Pengadaan Barang/Jasa Provinsi DKI Jakarta Nomor 279 Tahun 2023). Revisi: -.
Tanggal pembuatan: 9 Oktober 2023; tanggal efektif: 9 Oktober 2023 (keputusan berlaku pada tanggal ditetapkan; kolom Tanggal Efektif pada tabel kosong). Disahkan oleh Kepala Badan Pelayanan Pengadaan Barang/Jasa Provinsi DKI Jakarta, Dudi Gardesi Asikin.
Alur dari penerimaan permohonan pengaktifan kembali dan/atau pencantuman kembali produk dari Penyedia sampai penetapan, pelaksanaan pada aplikasi katalog elektronik, dan pelaporan pada Laporan Monev Katalog Bulanan kepada Sekretaris Daerah. Pencatatan: dokumen laporan hasil monev disampaikan kepada Kepala BPPBJ untuk mendapatkan disposisi dan diarsipkan dalam berkas kearsipan Bidang Pengelolaan Pengadaan.
Dasar hukum (ringkas): Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah sebagaimana diubah dengan Perpres 12/2021; Permen PANRB 35/2012 tentang Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 9/2021 tentang Toko Daring dan Katalog Elektronik; Keputusan Kepala LKPP 122/2022 tentang Tata Cara Penyelenggaraan Katalog Elektronik; SE Kepala LKPP 7/2022 tentang Tata Cara Penonaktifan dan Pengaktifan Kembali Produk serta Penurunan Pencantuman dan Pencantuman Kembali Produk pada Katalog Elektronik; SE Kepala LKPP 11/2022 tentang Tata Cara Pengelolaan Katalog Elektronik Pasca Pencantuman; Pergub DKI Jakarta 24/2012 tentang Petunjuk Teknis Penyusunan dan Pelaksanaan SOP; Pergub DKI Jakarta 57/2022 tentang Organisasi dan Tata Kerja Perangkat Daerah.""",
    lanes=[PENYEDIA, LKPP, SKPD, KEPALA, KABID, TIM],
    parties={PENYEDIA: "external", LKPP: "cross-unit", SKPD: "cross-unit"},
    proxies={PENYEDIA: TIM, LKPP: TIM, SKPD: TIM},
    also_start=[TIM],
    start_name="Mulai",
    nodes=[
        # Two ways in (alur:start on Tim Monev Katalog): the engine sets start_lane at start.
        Decision("gw_start", "Dimulai dari?", lane=PENYEDIA, branches=[
            Branch("Usulan Penyedia", f'start_lane != "{TIM}"', "step_01"),
            Branch("Monitoring rutin / laporan", f'start_lane == "{TIM}"', "step_02"),
        ]),
        Step("1", f"Mengusulkan/mengajukan {PRODUK}", PENYEDIA,
             doc=uraian(f"Mengusulkan/mengajukan {PRODUK} pada katalog elektronik lokal.",
                        ATAS_NAMA_PENYEDIA),
             kelengkapan=[], waktu="-",
             outputs=["Informasi yang terkait dengan usulan pengaktifan kembali dan/atau "
                      "pencantuman kembali produk katalog"],
             fields=[
                 text("provider_name", "Nama Penyedia"),
                 text("products", "Produk yang diusulkan (nama/ID produk pada katalog)",
                      long=True),
                 choice("request_type", "Jenis usulan", {
                     "reactivation": "Pengaktifan kembali produk",
                     "relisting": "Pencantuman kembali produk",
                     "both": "Pengaktifan kembali dan pencantuman kembali produk"}),
                 choice("channel", "Disampaikan melalui", {
                     "application": "Aplikasi katalog elektronik",
                     "intermediary": "Surat melalui LKPP / LPSE / SKPD / Pokja UPPBJ / "
                                     "Instansi Lain"}),
             ]),
        Step("2", "Melakukan monitoring rutin dan/atau menerima informasi usulan/pengajuan", TIM,
             doc=uraian(f"Melakukan monitoring rutin (Tim Monev) dan/atau menerima informasi "
                        f"usulan/pengajuan {PRODUK}.") + " Entitas: Tim Monev / LKPP / LPSE / SKPD / Pokja UPPBJ / Instansi Lain. Tim "
                 "Monev Katalog memantau permohonan pada aplikasi katalog elektronik; bila "
                 "informasi diterima oleh LKPP, LPSE, SKPD, Pokja UPPBJ atau Instansi Lain, "
                 "Tim Monev mencatat penerimaannya atas nama pihak tersebut.",
             kelengkapan=[], waktu="-",
             outputs=["Informasi monitoring yang terkait dengan pengaktifan kembali dan/atau "
                      "pencantuman kembali produk katalog"],
             fields=[choice("received_by", "Informasi diperoleh melalui", {
                 "monitoring": "Monitoring rutin Tim Monev Katalog",
                 "lkpp": "LKPP",
                 "lpse": "LPSE",
                 "skpd": "SKPD",
                 "pokja": "Pokja UPPBJ",
                 "other_agency": "Instansi Lain"})]),
        Step("3", "Menginformasikan kepada Kepala BPPBJ serta mengajukan permohonan", KEPALA,
             doc=uraian(f"Menginformasikan kepada Kepala BPPBJ Provinsi DKI Jakarta serta "
                        f"mengajukan permohonan {PRODUK}.") + " Kepala BPPBJ menerima informasi dan permohonan lalu mendisposisikannya "
                 "kepada Kabid PP dan Kasubbid PSP.",
             kelengkapan=["Surat dari Penyedia / LKPP / LPSE / SKPD / Pokja UPPBJ / Instansi "
                          "Lain perihal usulan pengaktifan kembali dan/atau pencantuman kembali "
                          "produk"],
             waktu="1 hari", duration="P1D",
             outputs=["Disposisi kepada Kabid PP dan Kasubbid PSP"]),
        Step("4", "Disposisi dari Kepala BPPBJ dilanjutkan kepada Tim Monev Katalog", KABID,
             doc=uraian("Disposisi dari Kepala BPPBJ ke Kabid PP dan Kasubbid PSP, dan "
                        "dilanjutkan dengan disposisi kepada Tim Monev Katalog."),
             kelengkapan=["Disposisi kepada Kabid PP dan Kasubbid PSP"],
             waktu="1 hari", duration="P1D",
             outputs=["Disposisi kepada Tim Monev Katalog"]),
        Step("5", "Melakukan pengolahan data dan validasi hasil monitoring dan/atau usulan", TIM,
             doc=uraian("Melakukan pengolahan data dan melakukan validasi terhadap hasil "
                        "monitoring dan/atau usulan/pengajuan yang disampaikan."),
             kelengkapan=[SURAT_TUGAS, "Disposisi dari Kepala BPPBJ"],
             waktu="10 hari", duration="P10D", outputs=[NOTULEN]),
        Step("6", "Pengecekan kesesuaian dengan lingkup pengelolaan Katalog Elektronik Lokal", TIM,
             doc=uraian("Pengecekan kesesuaian dengan lingkup pengelolaan Katalog Elektronik "
                        "Lokal Provinsi DKI Jakarta.") + " a. Kondisi bilamana usulan/pengajuan dari Penyedia/SKPD lain/Pokja "
                 "UPPBJ/Instansi lain bukan merupakan lingkup pengelolaan katalog elektronik "
                 "lokal Provinsi DKI Jakarta, maka informasi/usulan/pengajuan dikembalikan "
                 "kepada pelapor asal (langkah 7-8). b. Kondisi bilamana usulan/pengajuan "
                 "sesuai dengan lingkup pengelolaan katalog elektronik lokal Provinsi DKI "
                 "Jakarta dan/atau merupakan aktifitas monev rutin (langkah 9).",
             kelengkapan=[NOTULEN], waktu="1 hari", duration="P1D",
             outputs=[DRAFT_JAWABAN],
             fields=[choice("scope_check", "Hasil pengecekan lingkup", {
                 "out_of_scope": "a. Bukan lingkup pengelolaan katalog elektronik lokal "
                                 "Provinsi DKI Jakarta (dikembalikan kepada pelapor asal)",
                 "in_scope": "b. Sesuai lingkup pengelolaan katalog elektronik lokal "
                             "Provinsi DKI Jakarta dan/atau aktifitas monev rutin"})]),
        Decision("gw_06", "Sesuai lingkup Katalog Elektronik Lokal Provinsi DKI Jakarta?", [
            Branch("Bukan lingkup", 'scope_check == "out_of_scope"', "step_07"),
            Branch("Sesuai lingkup / monev rutin", 'scope_check == "in_scope"', "step_09"),
        ]),
        Step("7", "Laporan ketidaksesuaian lingkup dan Surat Kepala BPPBJ kepada pengusul",
             KEPALA,
             doc=uraian("Tim Monev Katalog melaporkan ketidaksesuaian lingkup pengelolaan "
                        "Katalog Elektronik Lokal Provinsi DKI Jakarta dan menyertakan draft "
                        "Surat Kepala BPPBJ untuk disampaikan kepada pengusul.") + " Entitas: Kepala BPPBJ, yang menerima laporan Tim Monev Katalog dan "
                 "menandatangani surat jawaban kepada pengusul.",
             kelengkapan=[DRAFT_JAWABAN], waktu="2 hari", duration="P2D",
             outputs=[SURAT_JAWABAN]),
        Step("8", "Menerima surat pemberitahuan ketidaksesuaian lingkup", SKPD,
             doc=uraian("Penyedia / SKPD / Pokja UPPBJ / LPSE / Instansi Lain menerima surat "
                        "pemberitahuan ketidaksesuaian lingkup pengelolaan katalog elektronik "
                        "lokal.", ATAS_NAMA_PENERIMA),
             kelengkapan=[SURAT_JAWABAN], waktu="-", outputs=[],
             attachments=["Bukti penerimaan surat"],
             fields=[recipients()]),
        End("end_out_of_scope", "Dikembalikan: bukan lingkup", lane=SKPD),
        Step("9", "Pengecekan apabila diperlukan koordinasi dengan LKPP", TIM,
             doc=uraian("Pengecekan apabila diperlukan koordinasi dengan LKPP terkait data "
                        "dukung/kebijakan monev.") + " Apabila diperlukan, maka Tim Monev menyusun surat Kepala BPPBJ melalui "
                 "Bidang PP. a. Kondisi bilamana diperlukan koordinasi dengan LKPP terkait data "
                 "dukung/kebijakan terkait pengaktifan kembali dan/atau pencantuman kembali "
                 "produk katalog (langkah 10-13). b. Kondisi bilamana tidak diperlukan "
                 "koordinasi dengan LKPP dalam pelaksanaan pengaktifan kembali dan/atau "
                 "pencantuman kembali produk katalog dan/atau merupakan aktifitas monev rutin "
                 "(langkah 14).",
             kelengkapan=[SURAT_TUGAS, "Disposisi dari Kepala BPPBJ"],
             waktu="1 hari", duration="P1D",
             outputs=[NOTULEN, "Draft surat Kepala BPPBJ kepada LKPP"],
             fields=[choice("lkpp_coordination", "Koordinasi dengan LKPP", {
                 "needed": "a. Diperlukan koordinasi dengan LKPP terkait data "
                           "dukung/kebijakan",
                 "not_needed": "b. Tidak diperlukan koordinasi dengan LKPP dan/atau "
                               "aktifitas monev rutin"})]),
        Decision("gw_09", "Perlu koordinasi dengan LKPP?", [
            Branch("Perlu koordinasi LKPP", 'lkpp_coordination == "needed"', "step_10"),
            Branch("Tidak perlu", 'lkpp_coordination == "not_needed"', "step_14a"),
        ]),
        Step("10", "Surat Kepala BPPBJ ditandatangani dan disampaikan kepada LKPP", KEPALA,
             doc=uraian("Tim Monev Katalog menyusun surat Kepala BPPBJ untuk ditandatangani "
                        "kepala BPPBJ dan disampaikan kepada LKPP.") + " Entitas: Kepala BPPBJ, yang menandatangani surat kepada LKPP.",
             kelengkapan=["Draft surat Kepala BPPBJ kepada LKPP"],
             waktu="2 hari", duration="P2D", outputs=["Surat Kepala BPPBJ kepada LKPP"]),
        Step("11", "LKPP menyampaikan tanggapan/rekomendasi terkait surat BPPBJ", LKPP,
             doc=uraian("LKPP menyampaikan tanggapan/rekomendasi terkait surat BPPBJ.",
                        ATAS_NAMA_LKPP),
             kelengkapan=["Surat Kepala BPPBJ kepada LKPP"], waktu="-",
             outputs=["Surat balasan dari LKPP ke Kepala BPPBJ"],
             fields=[text("recorded_for", "Dicatat atas nama (pejabat LKPP penanda tangan "
                                          "surat balasan)"),
                     text("lkpp_letter", "Nomor dan tanggal surat balasan LKPP")]),
        Step("12", "Menerima tanggapan/rekomendasi dari LKPP dan menyampaikan disposisi", KEPALA,
             doc=uraian("Kepala BPPBJ menerima tanggapan/rekomendasi dari LKPP dan "
                        "menyampaikan disposisi ke Bidang PP, Subbidang PSP dan Tim Monev "
                        "Katalog."),
             kelengkapan=["Surat balasan dari LKPP ke Kepala BPPBJ"], waktu="-",
             outputs=["Disposisi kepada Kepala Bidang PP, Kepala Subbidang PSP dan Tim Monev "
                      "Katalog"]),
        Step("13", "Menerima disposisi dan mengundang rapat pihak terkait (apabila diperlukan)",
             TIM,
             doc=uraian("Tim Monev Katalog menerima disposisi dan mengundang rapat pihak-pihak "
                        "yang terkait (apabila diperlukan)."),
             kelengkapan=["Surat balasan dari LKPP ke Kepala BPPBJ",
                          "Disposisi kepada Kepala Bidang PP, Kepala Subbidang PSP dan Tim "
                          "Monev Katalog"],
             waktu="-",
             outputs=["Surat undangan rapat koordinasi dengan pihak-pihak yang terkait "
                      "(apabila diperlukan)", NOTULEN],
             fields=[choice("meeting", "Rapat koordinasi dengan pihak terkait", {
                 "held": "Diundang rapat koordinasi",
                 "not_needed": "Tidak diperlukan rapat"})]),
        Decision("gw_13", "Rapat koordinasi diadakan?", [
            Branch("Rapat diadakan", 'meeting == "held"', "step_14"),
            Branch("Tanpa rapat", 'meeting == "not_needed"', "step_14a"),
        ]),
        Step("14", "Menyusun Nota Dinas laporan dan menyampaikan rekomendasi kepada Kepala BPPBJ",
             TIM,
             doc=uraian(STEP_14_URAIAN) + " Langkah 14 pada jalur dengan rapat koordinasi "
                 "(langkah 13: rapat diadakan); tanpa rapat langkah 14a. Nota Dinas disusun sesuai data dukung, tanggapan/rekomendasi dari LKPP "
                 "(apabila ada) dan hasil rapat pembahasan (apabila ada); Nota Dinas dari "
                 "Kabid PP ke Kepala BPPBJ. Pengaktifan kembali dan/atau pencantuman kembali "
                 "produk katalog sesuai SE Kepala LKPP Nomor 7 Tahun 2022 serta Keputusan "
                 "Kepala LKPP Nomor 122 Tahun 2022.",
             kelengkapan=[NOTULEN_KOORDINASI],
             waktu="3 hari", duration="P3D",
             outputs=[DRAFT_ND + " (Nota Dinas dari Kabid PP ke Kepala BPPBJ)"],
             fields=[recommendation()], next="step_15"),
        Step("14a", "Menyusun Nota Dinas laporan tanpa rapat koordinasi dan menyampaikan "
                    "rekomendasi kepada Kepala BPPBJ", TIM,
             doc=uraian(STEP_14_URAIAN) + " Langkah 14 pada jalur tanpa rapat koordinasi "
                 "(langkah 9 b: tidak perlu koordinasi LKPP, atau langkah 13 tanpa rapat): "
                 "hasil rapat pembahasan tidak ada, jadi Notulen rapat koordinasi, daftar "
                 "hadir dan dokumentasi kegiatan tidak diminta. Nota Dinas disusun sesuai data "
                 "dukung (catatan pemantauan / pengecekan dari langkah 5 dan 9) dan "
                 "tanggapan/rekomendasi LKPP bila ada. Waktu dan Output sama dengan langkah 14.",
             kelengkapan=[NOTULEN],
             waktu="3 hari", duration="P3D",
             outputs=[DRAFT_ND + " (Nota Dinas dari Kabid PP ke Kepala BPPBJ)"],
             fields=[recommendation()]),
        Step("15", "Menyampaikan disposisi penetapan atau surat tanggapan", KEPALA,
             doc=uraian("Kepala BPPBJ menyampaikan disposisi penetapan pengaktifan kembali "
                        "dan/atau pencantuman kembali produk katalog sesuai hasil rekomendasi "
                        "Tim Monev Katalog, atau menyampaikan surat tanggapan kepada "
                        "SKPD/Penyedia/Pokja UPPBJ/Instansi Lain sesuai dengan hasil monev.")
                 + " Kepala BPPBJ memilih: disposisi penetapan sesuai rekomendasi Tim Monev "
                 "Katalog, atau surat tanggapan kepada pelapor/pengusul sesuai hasil monev "
                 "(usulan tidak ditetapkan; alur berakhir di 'Tidak ditetapkan: surat "
                 "tanggapan disampaikan'). Bila ditetapkan: a. Kondisi bilamana terdapat "
                 "laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi Lain bersamaan dengan "
                 "penyampaian laporan monev bulanan (surat pemberitahuan ke pelapor, langkah "
                 "16, bersamaan dengan disposisi ke Tim Monev Katalog, langkah 17). b. Kondisi "
                 "bilamana tidak terdapat laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi Lain "
                 "bersamaan dengan penyampaian laporan monev bulanan (langkah 17).",
             kelengkapan=[DRAFT_ND], waktu="2 hari", duration="P2D",
             outputs=["Nota Dinas Laporan pengaktifan kembali dan/atau pencantuman kembali "
                      "produk katalog",
                      "Disposisi Kepala BPPBJ tentang pengaktifan kembali dan/atau pencantuman "
                      "kembali produk katalog",
                      "Surat pemberitahuan kepada Penyedia / LKPP / LPSE / SKPD / Pokja UPPBJ / "
                      "Instansi Lain"],
             fields=[choice("determination", "Keputusan Kepala BPPBJ", {
                 "set": "Menyampaikan disposisi penetapan pengaktifan kembali dan/atau "
                        "pencantuman kembali produk katalog sesuai rekomendasi Tim Monev "
                        "Katalog",
                 "respond": "Menyampaikan surat tanggapan kepada SKPD/Penyedia/Pokja "
                            "UPPBJ/Instansi Lain sesuai hasil monev (tidak ditetapkan)"}),
                     choice("external_report", "Laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi "
                                               "Lain", {
                 "present": "a. Terdapat laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi Lain "
                            "(surat pemberitahuan kepada pelapor dan disposisi penetapan)",
                 "absent": "b. Tidak terdapat laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi "
                           "Lain (disposisi penetapan saja)"})]),
        Decision("gw_15_determination", "Ditetapkan atau surat tanggapan?", [
            Branch("Surat tanggapan", 'determination == "respond"', "end_response"),
            Branch("Penetapan", 'determination == "set"', "gw_15"),
        ]),
        End("end_response", "Tidak ditetapkan: surat tanggapan disampaikan", lane=KEPALA),
        Decision("gw_15", "Terdapat laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi Lain?", [
            Branch("Ada laporan", 'external_report == "present"', "fork_15"),
            Branch("Tidak ada laporan", 'external_report == "absent"', "step_17"),
        ]),
        Parallel("fork_15", "Surat pemberitahuan dan disposisi penetapan",
                 targets=["step_16", "step_17"]),
        Step("16", "Menerima surat pemberitahuan dari BPPBJ", SKPD,
             doc=uraian("Penyedia / LKPP / LPSE / SKPD lain / Pokja UPPBJ / Instansi Lain "
                        "menerima surat pemberitahuan dari BPPBJ.", ATAS_NAMA_PENERIMA),
             kelengkapan=["Surat Jawaban kepada Penyedia / LKPP / LPSE / SKPD / Pokja UPPBJ / "
                          "Instansi Lain"],
             waktu="-", outputs=[], attachments=["Bukti penerimaan surat"],
             fields=[recipients()], next="end_notified"),
        Step("17", "Menerima disposisi penetapan dan menindaklanjuti pada aplikasi e-katalog", TIM,
             doc=uraian("Tim Monev Katalog menerima disposisi keputusan penetapan "
                        "pengaktifan kembali dan/atau pencantuman kembali produk katalog dan "
                        "menindaklanjuti pada aplikasi e-katalog.") + " Nota Dinas Laporan monev dan pengaktifan kembali dan/atau pencantuman kembali "
                 "produk katalog mencantumkan hasil tindak lanjut pemberlakuan pengaktifan "
                 "kembali dan/atau pencantuman kembali produk katalog yang telah dilaksanakan "
                 "pada bulan sebelumnya serta hasil monev bulan berjalan. Pelaksanaan mengacu "
                 "pada Surat Edaran Kepala LKPP Nomor 7 Tahun 2022.",
             kelengkapan=["Disposisi tindak lanjut penetapan pengaktifan kembali dan/atau "
                          "pencantuman kembali produk katalog"],
             waktu="3 hari", duration="P3D",
             outputs=["Draft Nota Dinas Laporan Monev bulan berikutnya"],
             fields=[date("action_date", "Tanggal tindak lanjut pada aplikasi e-katalog"),
                     text("action_result", "Hasil tindak lanjut pada aplikasi e-katalog",
                          long=True)]),
        Step("18", "Menyusun laporan hasil monev pada Laporan Monev Katalog Bulanan", TIM,
             doc=uraian("Tim Monev Katalog menyusun laporan hasil monev dan pengaktifan "
                        "kembali dan/atau pencantuman kembali produk katalog sesuai disposisi "
                        "dan mencantumkan pada Laporan Monev Katalog Bulanan dari Kepala BPPBJ "
                        "ke Sekretaris Daerah."),
             kelengkapan=["Nota Dinas Laporan Monev dan pengaktifan kembali dan/atau "
                          "pencantuman kembali produk katalog"],
             waktu="-", outputs=[DRAFT_ND_BULANAN],
             fields=[datetime("monthly_report_at",
                              "Jadwal penyampaian Laporan Monev Katalog Bulanan kepada "
                              "Sekretaris Daerah",
                              description="Awal bulan berikutnya, sesudah Laporan Monev dari "
                                          "Kabid PP mendapat disposisi tindak lanjut dari "
                                          "Kepala BPPBJ. Langkah 19 terbuka pada waktu ini.")]),
        TimerEvent("timer_monthly_report", "Awal bulan berikutnya", date="monthly_report_at",
                   lane=KEPALA,
                   doc="Pelaporan Monev Katalog Bulanan dari Kepala BPPBJ ke Sekretaris Daerah "
                       "dilakukan setiap awal bulan. Pewaktu menunggu sampai jadwal penyampaian "
                       "yang diisi pada langkah 18 (awal bulan berikutnya), lalu langkah 19 "
                       "terbuka. Pewaktu ini berbunyi sekali; kasus tetap berakhir."),
        Step("19", "Menyampaikan Nota Dinas Laporan Monev Katalog Bulanan kepada Sekretaris "
                   "Daerah", KEPALA,
             doc=uraian("Kepala BPPBJ menyampaikan hasil Pengaktifan Kembali dan/atau "
                        "Pencantuman Kembali Produk Katalog pada Nota Dinas Laporan Monev "
                        "Katalog Bulanan kepada Sekretaris Daerah. Aktifitas Selesai.") + " Pelaporan Monev Katalog Bulanan dari Kepala BPPBJ ke Sekretaris Daerah "
                 "dilakukan setiap awal bulan setelah Laporan Monev dari Kabid PP mendapat "
                 "disposisi tindak lanjut dari Kepala BPPBJ. Laporan Monev Katalog Bulanan "
                 "kepada Sekretaris Daerah memuat informasi hasil monev, penonaktifan dan/atau "
                 "penurunan pencantuman produk katalog dan pengaktifan kembali dan/atau "
                 "pencantuman kembali produk katalog.",
             kelengkapan=[DRAFT_ND_BULANAN], waktu="-",
             outputs=["Nota Dinas Laporan Monev Katalog Bulanan dari Kepala BPPBJ ke "
                      "Sekretaris Daerah"]),
        End("end", "Laporan Monev Katalog Bulanan disampaikan kepada Sekretaris Daerah"),
        # Listed last so that the main end comes first in the XML: the case's end event is
        # the main one when both branches of fork_15 have ended.
        End("end_notified", "Pelapor menerima surat pemberitahuan", lane=SKPD),
    ],
    notes=[
        'Pihak: Penyedia eksternal (hanya penyedia yang memulai kasus atau diundang kasus); LKPP dan SKPD / Pokja UPPBJ / LPSE / Instansi Lain lintas unit. Atas nama: Tim Monev Katalog mencatat langkah Penyedia, LKPP dan penerima surat yang tidak memakai Alur (alur:proxy). Pemulai: Penyedia (usulan, langkah 1) dan Tim Monev Katalog (monitoring rutin/laporan, langsung langkah 2: gateway gw_start pada isian start_lane).',
        "Lajur mengikuti kolom Pelaksana tabel (huruf besar di tabel, ditulis seperti kolom "
        "ENTITAS): 'Penyedia', 'LKPP', 'SKPD / Pokja UPPBJ / LPSE / Instansi Lain' (kolom "
        "gabungan, satu lajur), 'Kepala BPPBJ', 'Kabid PP & Kasubbid PSP' (kolom gabungan, satu "
        "lajur), 'Tim Monev Katalog'.",
        "Simbol flowchart hilang, tetapi kolom ENTITAS menyebut pelaksana setiap langkah; "
        "lajur mengikuti ENTITAS. Langkah 7 dan 10 ('Tim Monev Katalog melaporkan ... / "
        "menyusun surat ...') berentitas Kepala BPPBJ: tugasnya di lajur Kepala BPPBJ "
        "(menerima draft dan menandatangani surat), sesuai Output 'ditandatangani Kepala "
        "BPPBJ'. Langkah 3 ('Menginformasikan kepada Kepala BPPBJ ...') berentitas Kepala "
        "BPPBJ: Kepala menerima informasi dan membuat disposisi (Output).",
        "Langkah 2 menyebut beberapa entitas (Tim Monev / LKPP / LPSE / SKPD / Pokja UPPBJ / "
        "Instansi Lain): ditaruh di lajur Tim Monev Katalog (disebut pertama; monitoring rutin "
        "adalah tugasnya); informasi yang diterima pihak lain dicatat Tim Monev atas nama "
        "pihak itu (isian 'Informasi diperoleh melalui').",
        "Langkah 8 dan 16 (penerimaan surat oleh Penyedia / SKPD / Pokja UPPBJ / LPSE / "
        "Instansi Lain, langkah 16 juga LKPP) mencakup beberapa kolom; ditaruh di lajur 'SKPD "
        "/ Pokja UPPBJ / LPSE / Instansi Lain' karena surat jawaban dialamatkan kepada pelapor "
        "asal dan Tanggung Jawab 4.2 menjadikan SKPD/Pokja UPPBJ/LPSE/Instansi Lain pihak yang "
        "menginformasikan laporan penyedia dan berkoordinasi dengan BPPBJ. Penerimaan oleh "
        "Penyedia, LKPP atau Instansi Lain dicatat oleh petugas Tim Monev atas nama penerima.",
        "Pihak yang tidak memakai Alur tetap punya lajur dan langkahnya dicatat atas nama: "
        "Penyedia (langkah 1, oleh petugas Tim Monev Katalog bila penyedia tidak diberi akun; "
        "kasus dimulai dari lajur Penyedia), LKPP (langkah 11, isian 'Dicatat atas nama'), "
        "Instansi Lain (langkah 8 dan 16). Sekretaris Daerah tidak punya kolom: langkah 19 "
        "adalah penyampaian oleh Kepala BPPBJ.",
        "Setiap kasus dimulai dari usulan Penyedia (langkah 1): Ruang Lingkup 2.1-2.2 dan "
        "Prosedur 5.1 menjadikan 'monitoring' sebagai pemantauan permohonan (dari aplikasi "
        "katalog atau di luar aplikasi). Isian 'Disampaikan melalui' langkah 1 dan 'Informasi "
        "diperoleh melalui' langkah 2 hanya dicatat, tidak dibaca gateway.",
        "Kolom Mutu Baku langkah 1-2 bergeser (dua sel terisi di ujung baris): dibaca sebagai "
        "Output 'Informasi ...' dan Waktu '-', tanpa Kelengkapan. Langkah 3-10 bergeser satu "
        "kolom ke kanan di halaman pertama; dibaca Kelengkapan, Output, Waktu, Keterangan. "
        "Langkah 8 dan 16 tidak punya Output (bukti penerimaan surat diunggah sebagai "
        "lampiran).",
        "Kolom Waktu berjudul 'WAKTU (HARI)' berisi angka saja; ditulis '<n> hari' dan dijadikan "
        "timer hari kerja: 3, 4, 6, 9 = P1D; 5 = P10D; 7, 10, 15 = P2D; 14, 17 = P3D. Langkah "
        "1, 2, 8, 11, 12, 13, 16, 18, 19 berwaktu '-': tanpa timer.",
        "Langkah 6 (a/b): a. bukan lingkup -> langkah 7 (surat Kepala BPPBJ) -> langkah 8 "
        "(pelapor menerima surat) -> akhir 'Dikembalikan: bukan lingkup'; b. sesuai lingkup "
        "dan/atau monev rutin -> langkah 9.",
        "Langkah 9 (a/b): a. perlu koordinasi LKPP -> langkah 10-13; b. tidak perlu -> "
        "langkah 14a (Nota Dinas disusun 'sesuai data dukung, tanggapan/rekomendasi dari LKPP "
        "(apabila ada) dan hasil rapat pembahasan (apabila ada)'). Kelengkapan langkah 9 sama "
        "dengan langkah 5 (seperti tertulis).",
        "Langkah 14 dipecah menurut jalurnya, karena Kelengkapan 'Notulen rapat koordinasi, "
        "daftar hadir dan dokumentasi kegiatan' hanya ada bila rapat diadakan: rapat langkah "
        "13 '(apabila diperlukan)' menjadi cabang (isian meeting): rapat diadakan -> langkah "
        "14 (Kelengkapan seperti tertulis); tanpa rapat, atau langkah 9 b tanpa koordinasi "
        "LKPP -> langkah 14a (uraian, Waktu dan Output sama; Kelengkapan hanya data dukung "
        "'Notulen Rapat / catatan pemantauan / pengecekan' yang dihasilkan langkah 5 dan 9). "
        "Mesin memeriksa daftar Kelengkapan tanpa melihat data kasus, jadi satu formulir "
        "bersyarat tidak dipakai.",
        "Prosedur 5.4-5.5 (evaluasi dan verifikasi oleh Kasubbid PSP dan Kabid PP, Kabid PP "
        "melaporkan kepada Kepala BPPBJ) tidak punya baris dalam tabel: tercakup dalam Nota "
        "Dinas langkah 14 ('Nota Dinas dari Kabid PP ke Kepala BPPBJ'), yang disusun Tim "
        "Monev Katalog; tidak ditambah langkah.",
        "Langkah 15 (a/b) dibaca sebagai 'ada/tidak ada pelapor yang perlu diberi surat': a. "
        "terdapat laporan dari SKPD/Penyedia/Pokja UPPBJ/Instansi Lain -> gateway paralel: "
        "langkah 16 (pelapor menerima surat pemberitahuan, berakhir di 'Pelapor menerima surat "
        "pemberitahuan') bersamaan dengan langkah 17 (disposisi penetapan ditindaklanjuti Tim "
        "Monev); b. tidak ada laporan -> langkah 17 saja.",
        "'atau menyampaikan surat tanggapan ... sesuai dengan hasil monev' pada uraian langkah "
        "15 adalah keluaran penolakan: Kepala BPPBJ memilih (isian determination) disposisi "
        "penetapan (lanjut ke cabang a/b di atas) atau surat tanggapan kepada "
        "SKPD/Penyedia/Pokja UPPBJ/Instansi Lain (usulan tidak ditetapkan) -> akhir 'Tidak "
        "ditetapkan: surat tanggapan disampaikan' di lajur Kepala BPPBJ. Surat tanggapan "
        "diunggah sebagai lampiran langkah 15 (Output 'Surat pemberitahuan ...'); tabel tidak "
        "punya baris sesudahnya untuk keluaran ini (langkah 16 terikat Keterangan a, langkah "
        "17-19 menindaklanjuti penetapan), jadi tidak ditambah langkah.",
        "Laporan monev bulanan: 'dilaporkan pada laporan monev bulan berikutnya' (5.8) dan "
        "'dilakukan setiap awal bulan' (Keterangan langkah 19). Dimodelkan dengan satu timer "
        "tangkap bertanggal (timeDate) 'Awal bulan berikutnya' antara langkah 18 dan 19; "
        "tanggalnya ekspresi monthly_report_at, isian tanggal-waktu wajib langkah 18 (jadwal "
        "penyampaian laporan bulanan, awal bulan berikutnya). Pewaktu berbunyi sekali sehingga "
        "kasus berakhir; tidak dipakai siklus R/P1M tanpa batas. Tanggal tidak dihitung "
        "otomatis dari tanggal langkah 17 karena pemeriksa sopgen hanya menerima nama isian "
        "dalam ekspresi (panggilan fungsi seperti int()/str() terbaca sebagai isian yang tidak "
        "ada). Laporan bulanan memuat banyak kasus; kasus ini selesai ketika hasilnya "
        "disampaikan kepada Sekretaris Daerah.",
        "Nama tugas adalah uraian SOP yang dipersingkat (subjek yang sudah ditunjukkan lajur "
        "dihilangkan); uraian lengkap seperti tertulis ada di dokumentasi setiap tugas ('Uraian "
        "SOP: ...'). Langkah 7 dan 10 dinamai menurut hasilnya bagi Kepala BPPBJ (laporan dan "
        "surat yang ditandatangani). 'Aktifitas Selesai' pada langkah 19 menjadi akhir "
        "'Laporan Monev Katalog Bulanan disampaikan kepada Sekretaris Daerah'.",
    ],
)
